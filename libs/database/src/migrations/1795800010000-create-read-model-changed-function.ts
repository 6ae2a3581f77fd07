import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The function the query API's cache triggers call: one notification per statement, with the distinct keys it
 * touched, on channel shopstream_read_model_changed. The query API made it at start while it connected as the
 * superuser; its own role may attach triggers to the tables it caches but create no function, so a compromised query
 * API cannot run code of its choosing inside the projector's transactions.
 *
 * Rebuilds and replays set shopstream.run_mode and stay silent (argument 2 'always' overrides it); a statement
 * touching more keys than fit a payload announces the whole table (keys null).
 */
export class CreateReadModelChangedFunction1795800010000 implements MigrationInterface {
  name = 'CreateReadModelChangedFunction1795800010000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create or replace function public.shopstream_read_model_changed() returns trigger language plpgsql as $fn$
      declare
        keys text;
      begin
        if tg_argv[1] is distinct from 'always'
           and coalesce(current_setting('shopstream.run_mode', true), '') not in ('', 'live') then
          return null;
        end if;
        execute format('select json_agg(distinct %I::text)::text from changed', tg_argv[0]) into keys;
        if keys is null then
          return null;
        end if;
        if octet_length(keys) > 7000 then
          keys := 'null';
        end if;
        perform pg_notify('shopstream_read_model_changed',
          json_build_object('schema', tg_table_schema, 'table', tg_table_name, 'keys', keys::json)::text);
        return null;
      end
      $fn$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    // The query API's triggers depend on it; they go with it.
    await runner.query('drop function if exists public.shopstream_read_model_changed() cascade');
  }
}
