import { useKafkaCredentials } from '@shopstream/kafka';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { loadConfig } from '@shopstream/config';
import { DataSource } from 'typeorm';
import { createDataSource } from '@shopstream/database';
import { Cleanup } from '../support/cleanup';
import { runApiBench } from './api.bench';

interface DatabaseCounters {
  readonly commits: number;
  readonly inserted: number;
  readonly updated: number;
  readonly outboxRows: number;
}

/**
 * The processor keeps up when it has decided every order of the run soon after the load stops; and no SKU may have
 * more reserved than on hand (no oversell).
 */
async function reportDecided(dataSource: DataSource, ns: string): Promise<void> {
  const started = Date.now();
  const pending = async () => {
    const [row] = await dataSource.query<{ pending: string; decided: string }[]>(
      `select count(*) filter (where status = 'PENDING') as pending, count(*) filter (where status <> 'PENDING') as decided
       from order_flow.orders where state->>'customerId' like $1`,
      [`${ns}-customer-%`],
    );
    return { pending: Number(row?.pending), decided: Number(row?.decided) };
  };
  let now = await pending();
  while (now.pending > 0 && Date.now() - started < 120_000) {
    await new Promise((r) => setTimeout(r, 500));
    now = await pending();
  }
  const [stock] = await dataSource.query<{ oversold: string }[]>(
    `select count(*) filter (where (state->>'reserved')::int > (state->>'onHand')::int) as oversold
     from order_flow.stock where sku like $1`,
    [`${ns}-SKU-%`],
  );
  process.stdout.write(
    `[bench api] processor: ${now.decided} orders decided, ${now.pending} still pending ${((Date.now() - started) / 1000).toFixed(1)} s after the load; ${Number(stock?.oversold)} SKU(s) oversold\n`,
  );
}

/**
 * The API section alone, with what it costs: `node dist/bench/platform/run-api.js [seconds] [connections]
 * [--commands-only] [--orders-only] [--cpu-prof=<dir>] [--apps-from=<checkout>]`. Prints each app's CPU per accepted order (from
 * /proc) and the database's commits and rows per accepted order (pg_stat_database: every process on the database
 * counts, the API, the processor's relay and reactions, the projector). `--commands-only` leaves out GET /orders/:id;
 * `--orders-only` leaves out the other commands (receiving stock, payment captures, behaviour events);
 * `--cpu-prof` writes a profile per app under <dir>/<app>; `--apps-from` runs the apps built in another checkout
 * (its dist/), so two builds can be measured alternately against one platform.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const profileDir = flag('cpu-prof');
  const [seconds = '20', connections = '32'] = args.filter((a) => !a.startsWith('--'));
  const platform = loadConfig();
  useKafkaCredentials(platform.kafka.credentials);
  const ns = `bench_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  const cleanup = new Cleanup();
  const dataSource = createDataSource(platform.database.url, { poolSize: 2 });
  await dataSource.initialize();
  cleanup.add('close the database pool', () => dataSource.destroy());
  const counters = async (): Promise<DatabaseCounters> => {
    const [db] = await dataSource.query<{ c: string; i: string; u: string }[]>(
      'select xact_commit as c, tup_inserted as i, tup_updated as u from pg_stat_database where datname = current_database()',
    );
    const [outbox] = await dataSource.query<{ n: string }[]>(
      'select coalesce(max(id), 0) as n from order_flow.outbox',
    );
    return {
      commits: Number(db?.c),
      inserted: Number(db?.i),
      updated: Number(db?.u),
      outboxRows: Number(outbox?.n),
    };
  };
  // The relay that publishes (one leader per outbox): the session holding its advisory lock, named by its role.
  const relayLeader = async () => {
    const rows = await dataSource.query<{ usename: string }[]>(
      `select a.usename from pg_locks l join pg_stat_activity a on a.pid = l.pid
       where l.locktype = 'advisory' and l.granted and a.application_name = 'shopstream outbox relay'
         and a.datname = current_database()`,
    );
    return rows.map((r) => r.usename).join(', ') || 'none';
  };
  let leader = 'unknown';
  let before: DatabaseCounters | undefined;
  let after: DatabaseCounters | undefined;
  try {
    const result = await runApiBench({
      root: flag('apps-from') ?? platform.root,
      home: platform.home,
      ns,
      seconds: Number(seconds),
      connections: Number(connections),
      cleanup,
      commandsOnly: args.includes('--commands-only'),
      ...(args.includes('--orders-only')
        ? {}
        : {
            others: { databaseUrl: platform.database.url, webhookSecret: platform.orderFlow.webhookSecret },
          }),
      ...(profileDir
        ? {
            nodeArgs: Object.fromEntries(
              (['api', 'processor', 'projector'] as const).map((app) => [
                app,
                ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, app)}`],
              ]),
            ),
          }
        : {}),
      around: {
        before: async () => {
          // pg_stat_database is refreshed at most every 500 ms (stats_fetch_consistency / flush interval).
          before = await counters();
          leader = await relayLeader();
        },
        after: async () => {
          await new Promise((r) => setTimeout(r, 1_500));
          after = await counters();
        },
      },
    });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (result.ran) await reportDecided(dataSource, ns);
    if (result.ran && before && after) {
      const orders = result.commands.ok;
      const per = (n: number) => (n / Math.max(orders, 1)).toFixed(2);
      const cpu = result.commandsCpu;
      if (cpu)
        process.stdout.write(
          `[bench api] CPU ms per accepted order: api ${(1000 * cpu.api) / orders}, processor ${(1000 * cpu.processor) / orders}, projector ${(1000 * cpu.projector) / orders}\n`,
        );
      process.stdout.write(
        `[bench api] per accepted order: ${per(after.commits - before.commits)} commits, ` +
          `${per(after.inserted - before.inserted)} rows inserted, ${per(after.updated - before.updated)} rows updated, ` +
          `${per(after.outboxRows - before.outboxRows)} outbox rows (all processes on the database); relay leader: ${leader}\n`,
      );
    }
  } finally {
    const failures = await cleanup.run();
    if (failures.length) process.stderr.write(`cleanup problems:\n  ${failures.join('\n  ')}\n`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench api: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
