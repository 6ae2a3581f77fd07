import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  appRoleGrants,
  appRoles,
  createRole,
  roleAttributes,
  sharingFunctions,
  transferSchemaStatements,
} from '../roles/app-roles';

/**
 * A PostgreSQL role per app, with only the privileges its code needs, instead of every app connecting as the
 * superuser: a leaked query API password can no longer write an order, refund one, or drop a table.
 *
 * Roles are cluster-wide, so their names start with the database's (several platforms share a server). Everything
 * here is idempotent: applied again it changes nothing, and it repairs grants someone changed by hand.
 */
export class CreateAppRoles1795800009000 implements MigrationInterface {
  name = 'CreateAppRoles1795800009000';

  async up(runner: QueryRunner): Promise<void> {
    const [{ database }] = (await runner.query('select current_database() as database')) as [
      { database: string },
    ];
    const roles = appRoles(database);
    for (const role of Object.values(roles)) {
      const found = (await runner.query('select 1 from pg_roles where rolname = $1', [role])) as unknown[];
      if (found.length === 0) await runner.query(createRole(role));
      await runner.query(roleAttributes(role));
    }
    for (const statement of appRoleGrants(database, roles)) await runner.query(statement);
    for (const statement of sharingFunctions(roles)) await runner.query(statement);

    // Schemas the projector and the loyalty app made while they still connected as the superuser.
    const owned = [
      { pattern: 'read\\_models', owner: roles.projector, share: 'shopstream_share_views' },
      { pattern: 'projection\\_%', owner: roles.projector, share: 'shopstream_share_projection_schema' },
      { pattern: 'loyalty', owner: roles.loyalty, share: null },
    ];
    for (const { pattern, owner, share } of owned) {
      const schemas = (await runner.query(
        'select nspname as name from pg_namespace where nspname like $1 order by 1',
        [pattern],
      )) as { name: string }[];
      for (const { name } of schemas) {
        const relations = (await runner.query(
          `select c.relname as name, c.relkind as kind from pg_class c
           where c.relnamespace = $1::regnamespace and c.relkind in ('r', 'p', 'v', 'm') order by 1`,
          [name],
        )) as { name: string; kind: string }[];
        for (const statement of transferSchemaStatements(name, relations, owner))
          await runner.query(statement);
        if (share) await runner.query(`select public.${share}($1)`, [name]);
      }
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    const [{ database }] = (await runner.query('select current_database() as database')) as [
      { database: string },
    ];
    await runner.query('drop function if exists public.shopstream_share_projection_schema(text)');
    await runner.query('drop function if exists public.shopstream_share_views(text)');
    await runner.query(`grant connect, temporary on database "${database}" to public`);
    // The roles stay: they may own schemas and be used by running apps. `shopstream reset` drops them.
  }
}
