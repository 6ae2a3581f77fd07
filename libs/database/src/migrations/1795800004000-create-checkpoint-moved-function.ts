import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lets a projection's checkpoint statement fail its transaction when a checkpoint is no longer where the batch
 * started. A transaction sent whole in one round trip, COMMIT included, has no turn in which the client could read
 * the moved rows and roll back; the statement itself has to stop it.
 */
export class CreateCheckpointMovedFunction1795800004000 implements MigrationInterface {
  name = 'CreateCheckpointMovedFunction1795800004000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create function shopstream_checkpoint_moved(topic text, part int, next_offset bigint) returns void
      language plpgsql as $$
      begin
        raise exception 'checkpoint of %/% moved to %', topic, part, next_offset
          using errcode = 'SS409', hint = 'apply the batch again from the checkpoint';
      end
      $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop function shopstream_checkpoint_moved(text, int, bigint)');
  }
}
