import { MigrationInterface, QueryRunner } from 'typeorm';
import { NOTIFY_PROJECTION_NAMES } from './1795800013000-notify-projection-applied';

/**
 * The notification of a checkpoint move (migration 13000) carries where the active version got to: a JSON payload
 * `{"projection","version","activatedMs","slots":[[topic, partition, nextOffset], …]}` with the moved slots, so a
 * waiting read or the live gate learns the position from the notification itself, without reading the
 * checkpoints back (one round trip to PostgreSQL less between a commit and the answer it allows).
 *
 * A move of a version that is not the active one (a rebuild's shadow), or a payload too long for NOTIFY's 8,000
 * bytes (a swap moving hundreds of slots), still announces the projection's name alone, and listeners read the
 * checkpoints as before. "Active" is read inside the moving transaction: a lane's transaction holds its version's
 * lock shared and a swap takes it exclusively, so the active version cannot change before the lane commits.
 */
export class NotifyAppliedPositions1795800015000 implements MigrationInterface {
  name = 'NotifyAppliedPositions1795800015000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create or replace function public.shopstream_projection_applied() returns trigger language plpgsql as $fn$
      declare
        moved record;
        payload text;
      begin
        for moved in
          select c.projection, c.version,
                 v.projection is null or v.active_version = c.version as active,
                 (extract(epoch from v.activated_at) * 1000)::bigint as activated_ms,
                 json_agg(json_build_array(c.topic, c.partition, c.next_offset::text)) as slots
            from changed c
            left join public.projection_versions v on v.projection = c.projection
           group by c.projection, c.version, v.projection, v.active_version, v.activated_at
        loop
          payload := moved.projection;
          if moved.active then
            payload := json_build_object('projection', moved.projection, 'version', moved.version,
                                         'activatedMs', moved.activated_ms, 'slots', moved.slots)::text;
            if octet_length(payload) > 7900 then
              payload := moved.projection;
            end if;
          end if;
          perform pg_notify('shopstream_projection_applied', payload);
        end loop;
        return null;
      end
      $fn$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(NOTIFY_PROJECTION_NAMES);
  }
}
