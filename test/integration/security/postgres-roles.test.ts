import { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { databaseOfUrl, userOfUrl } from '@shopstream/config';
import { createDataSource, inTransaction, migrations } from '@shopstream/database';
import { ensureProjectionTables, liveInstanceOf, pointViews } from '@shopstream/projections';
import { orderSummaryProjection } from '@shopstream/read-models';
import { APP_SERVICES, appProcessEnvironment } from '@shopstream/platform';
import { exited, startApp } from '../../support/app-process';
import { freePort } from '../../support/free-port';
import { platformConfig } from '../../support/platform';
import { waitFor } from '../../support/wait-for';

const INSUFFICIENT_PRIVILEGE = '42501';

/** The apps that keep a session open (LISTEN): the relay, the publication waiter, the cache's invalidations. */
const SESSION_HOLDERS = ['processor', 'commerce-api', 'query-api'];

async function asRole<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'postgres-roles test' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The statement's error code, or 'ok' when it ran. */
async function outcome(url: string, sql: string): Promise<string> {
  return asRole(url, async (client) => {
    try {
      await client.query(sql);
      return 'ok';
    } catch (error) {
      return String((error as { code?: string }).code);
    }
  });
}

const definedOnly = (env: NodeJS.ProcessEnv): Record<string, string> =>
  Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));

/** Every role, owner and grant in the database, and the server's roles of this platform. */
const CATALOGUE = `
  select 'role' as kind, rolname::text as name,
         concat_ws(',', rolsuper, rolcreatedb, rolcreaterole, rolcanlogin, rolreplication, rolbypassrls, rolinherit) as value
  from pg_roles where rolname like current_database() || '\\_%'
  union all
  select 'database', datname::text, datdba::regrole::text || coalesce(datacl::text, '') from pg_database
  where datname = current_database()
  union all
  select 'schema', nspname::text, nspowner::regrole::text || coalesce(nspacl::text, '') from pg_namespace
  where nspname not like 'pg\\_%' and nspname <> 'information_schema'
  union all
  select 'relation', n.nspname::text || '.' || c.relname::text, c.relowner::regrole::text || coalesce(c.relacl::text, '')
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
  union all
  select 'function', p.oid::regprocedure::text, p.proowner::regrole::text || coalesce(p.proacl::text, '') || md5(p.prosrc)
  from pg_proc p where p.pronamespace = 'public'::regnamespace
  order by 1, 2, 3`;

describe('PostgreSQL roles', () => {
  const config = platformConfig();
  const apps = config.database.apps;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    // The read models the checks read, as a projector makes them, whether or not one ran on this platform yet.
    const dataSource = createDataSource(config.database.url, { poolSize: 1 });
    await dataSource.initialize();
    try {
      await inTransaction(dataSource, async (sql) => {
        const target = liveInstanceOf(orderSummaryProjection);
        await ensureProjectionTables(sql, orderSummaryProjection, { schema: target.schema });
        await pointViews(sql, orderSummaryProjection, target.schema, target.viewsSchema);
      });
    } finally {
      await dataSource.destroy();
    }
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map(exited));
  });

  it('lets the query API and the live gateway read the read models and write nothing', async () => {
    for (const url of [apps.queryApi.url, apps.liveGateway.url]) {
      expect(await outcome(url, 'select count(*) from read_models.order_summary')).toBe('ok');
      expect(await outcome(url, 'select count(*) from public.projection_checkpoints')).toBe('ok');
      expect(await outcome(url, 'insert into read_models.order_summary default values')).toBe(
        INSUFFICIENT_PRIVILEGE,
      );
      expect(await outcome(url, 'update read_models.order_summary set status = status where false')).toBe(
        INSUFFICIENT_PRIVILEGE,
      );
      expect(await outcome(url, 'delete from projection_order_summary_v1.order_summary')).toBe(
        INSUFFICIENT_PRIVILEGE,
      );
      expect(await outcome(url, 'select count(*) from order_flow.orders')).toBe(INSUFFICIENT_PRIVILEGE);
      expect(await outcome(url, 'update public.projection_checkpoints set next_offset = 0 where false')).toBe(
        INSUFFICIENT_PRIVILEGE,
      );
      expect(await outcome(url, 'create table public.intruder (id int)')).toBe(INSUFFICIENT_PRIVILEGE);
    }
  });

  it("keeps the projector off the write side and the commerce API off the read models' tables", async () => {
    expect(await outcome(apps.projector.url, 'select count(*) from order_flow.orders')).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
    expect(await outcome(apps.projector.url, 'delete from order_flow.outbox where false')).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
    expect(await outcome(apps.commerceApi.url, 'select count(*) from read_models.order_summary')).toBe('ok');
    expect(await outcome(apps.commerceApi.url, 'insert into read_models.order_summary default values')).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
    expect(await outcome(apps.commerceApi.url, 'delete from order_flow.outbox where false')).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
    expect(await outcome(apps.commerceApi.url, 'drop table order_flow.orders')).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await outcome(apps.loyalty.url, 'select count(*) from order_flow.orders')).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
    expect(await outcome(apps.processor.url, 'insert into read_models.order_summary default values')).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
  });

  it('gives no app role superuser, CREATEDB or CREATEROLE', async () => {
    const rows = await asRole(config.database.url, async (client) =>
      (
        await client.query<{ rolname: string }>(
          `select rolname from pg_roles where rolname = any($1::text[])
           and not rolsuper and not rolcreatedb and not rolcreaterole and not rolbypassrls and rolcanlogin`,
          [Object.values(apps).map((a) => a.role)],
        )
      ).rows.map((r) => r.rolname),
    );
    expect(rows.sort()).toEqual(
      Object.values(apps)
        .map((a) => a.role)
        .sort(),
    );
  });

  it('changes nothing when the roles migration runs a second time', async () => {
    const dump = () => asRole(config.database.url, async (client) => (await client.query(CATALOGUE)).rows);
    const runRolesMigrations = async () => {
      const dataSource = createDataSource(config.database.url, { poolSize: 1 });
      await dataSource.initialize();
      try {
        const runner = dataSource.createQueryRunner();
        try {
          for (const Migration of migrations.filter((m) => /Roles|ReadModelChanged/.test(m.name)))
            await new Migration().up(runner);
        } finally {
          await runner.release();
        }
      } finally {
        await dataSource.destroy();
      }
    };
    // The first run settles what was made since `up` (schemas a superuser made are handed to the projector).
    await runRolesMigrations();
    const before = await dump();
    await runRolesMigrations();
    expect(before.length).toBeGreaterThan(50);
    expect(await dump()).toEqual(before);
  });

  it('hands each app `up` starts only its own role, never the admin URL', () => {
    // The operator's shell may hold the admin URL and other apps' URLs: none of them may reach the app.
    const operator = {
      ...process.env,
      SHOPSTREAM_DATABASE_URL: config.database.url,
      SHOPSTREAM_PROCESSOR_DATABASE_URL: config.database.url,
      LOYALTY_DATABASE_URL: config.database.url,
    };
    const saved = { ...process.env };
    Object.assign(process.env, operator);
    try {
      for (const service of APP_SERVICES) {
        const env = appProcessEnvironment(config, service);
        const users = Object.entries(env)
          .filter(([name, value]) => /DATABASE_URL$/.test(name) && value)
          .map(([, value]) => userOfUrl(value!));
        expect({ app: service.name, users: [...new Set(users)] }).toEqual({
          app: service.name,
          users: [apps[service.database].role],
        });
      }
    } finally {
      for (const name of Object.keys(operator)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    }
  });

  it('sees the apps that hold sessions connected as their own roles, and none as the superuser', async () => {
    const database = databaseOfUrl(config.database.url);
    const superuserSessions = () =>
      asRole(
        config.database.url,
        async (client) =>
          (
            await client.query<{ pid: number; application_name: string }>(
              `select pid, application_name from pg_stat_activity
             where datname = $1 and usename = 'postgres' and pid <> pg_backend_pid()
               and application_name <> 'postgres-roles test'`,
              [database],
            )
          ).rows,
      );
    // Sessions of the tests before this one may still be ending (an app they stopped, a pool they closed): they
    // are not these apps', which only start below.
    const before = new Set((await superuserSessions()).map((s) => s.pid));
    // The other apps' pools close idle connections; these keep LISTEN sessions (relay, publication waiter, cache).
    const started: ReturnType<typeof startApp>[] = [];
    for (const service of APP_SERVICES.filter((s) => SESSION_HOLDERS.includes(s.name))) {
      started.push(
        startApp(service.name, {
          ...definedOnly(appProcessEnvironment(config, service)),
          [service.portVariable]: String(await freePort()),
        }),
      );
    }
    children.push(...started);
    const expected = (['commerceApi', 'processor', 'queryApi'] as const).map((app) => apps[app].role);
    const users = await waitFor(
      async () => {
        for (const child of started)
          if (child.exitCode !== null) throw new Error(`an app exited: ${child.output.join('')}`);
        const seen = await asRole(config.database.url, async (client) =>
          (
            await client.query<{ usename: string }>(
              'select distinct usename from pg_stat_activity where datname = $1',
              [database],
            )
          ).rows.map((r) => r.usename),
        );
        return expected.every((role) => seen.includes(role)) && seen;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'a session of every app role' },
    );
    const mine = Object.values(apps).map((a) => a.role);
    expect(users.filter((u) => !mine.includes(u))).toEqual(['postgres']);
    const asSuperuser = (await superuserSessions())
      .filter((s) => !before.has(s.pid))
      .map((s) => s.application_name);
    expect(asSuperuser).toEqual([]);
  });
  it('starts the query API where a projection schema was never shared with it, and leaves those reads uncached', async () => {
    // As when a superuser (a test, an operator's script) made a projection's schema: the query role may not use it.
    const schema = 'projection_order_lines_v1';
    const made = await asRole(config.database.url, async (client) => {
      const found = await client.query('select 1 from pg_namespace where nspname = $1', [schema]);
      if (found.rows.length === 0) {
        await client.query(`create schema "${schema}"`);
        await client.query(`create table "${schema}".order_lines (order_id text, line_no int)`);
        return true;
      }
      await client.query(`revoke usage on schema "${schema}" from "${apps.queryApi.role}"`);
      return false;
    });
    const service = APP_SERVICES.find((s) => s.name === 'query-api')!;
    const port = await freePort();
    const api = startApp(service.name, {
      ...definedOnly(appProcessEnvironment(config, service)),
      [service.portVariable]: String(port),
    });
    children.push(api);
    try {
      await waitFor(
        async () => {
          if (api.exitCode !== null) throw new Error(`the query API exited: ${api.output.join('')}`);
          return (await fetch(`http://127.0.0.1:${port}/health`).catch(() => null))?.status === 200;
        },
        { timeoutMs: 60_000, intervalMs: 250, what: 'the query API to start' },
      );
      const cache = (await (await fetch(`http://127.0.0.1:${port}/cache`)).json()) as { cached: string[] };
      expect(cache.cached).not.toContain('order');
    } finally {
      api.kill('SIGTERM');
      await exited(api);
      await asRole(config.database.url, (client) =>
        made
          ? client.query(`drop schema "${schema}" cascade`)
          : client.query('select public.shopstream_share_projection_schema($1)', [schema]),
      );
    }
  });
});
