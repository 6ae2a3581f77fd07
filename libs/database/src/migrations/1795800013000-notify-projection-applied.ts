import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every statement that moves checkpoints announces, once it commits, which projections it moved: one notification
 * per projection on channel shopstream_projection_applied, the projection's name as payload. A read waiting for a
 * position (PositionWaiter) checks again when it hears its projection instead of polling: the wake-up comes from the
 * commit itself, whichever path wrote the checkpoint (a lane's transaction, a chunk, a reset or a swap). PostgreSQL
 * delivers a notification only on commit, and folds identical ones within a transaction into one.
 */
/** The notifying function as this migration made it: one notification per moved projection, its name alone. */
export const NOTIFY_PROJECTION_NAMES = `
      create or replace function public.shopstream_projection_applied() returns trigger language plpgsql as $fn$
      declare
        moved text;
      begin
        for moved in select distinct projection from changed loop
          perform pg_notify('shopstream_projection_applied', moved);
        end loop;
        return null;
      end
      $fn$`;

export class NotifyProjectionApplied1795800013000 implements MigrationInterface {
  name = 'NotifyProjectionApplied1795800013000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(NOTIFY_PROJECTION_NAMES);
    // A trigger with a transition table takes one event: one for the insert of a new slot, one for a move.
    for (const event of ['insert', 'update'])
      await runner.query(
        `create trigger projection_applied_${event} after ${event} on public.projection_checkpoints
         referencing new table as changed for each statement
         execute function public.shopstream_projection_applied()`,
      );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop function if exists public.shopstream_projection_applied() cascade');
  }
}
