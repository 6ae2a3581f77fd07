import { placeOrders } from '../support/order-load';
import { PrivatePostgres, privatePostgresAvailable, startPrivatePostgres } from '../support/private-postgres';
import { waitFor } from '../support/wait-for';
import { findAcknowledgedInLog, writeSideSettled } from './acknowledged-in-log';
import { rounds } from './fault-mode';
import { FaultPlatform } from './fault-platform';

/*
 * A real PostgreSQL restart under load: the platform (apps, registry storage and all) runs on a PostgreSQL cluster
 * of the test's own, which `pg_ctl` stops, keeps down for a few seconds and starts again while clients place
 * orders; a fast shutdown first (sessions told to end), then, in a full run, an immediate one (crash recovery on
 * start). The
 * shared server is never restarted. The apps must stay up (the same processes), answer 503 with Retry-After and
 * never 500 while the server is away, acknowledge orders again within seconds, and every acknowledged order must be
 * in the log once and decided.
 */
const base = 25_300 + Math.floor(Math.random() * 30) * 20;
const pgPort = base + 16;
const fault = new FaultPlatform({ brokers: 1, basePort: base, databasePort: pgPort });
const { platform, api, auth } = fault;
const SKU = 'SKU-00005';
const APPS = ['commerce-api', 'processor', 'projector', 'query-api'];
/** How long the server stays down in each restart. */
const DOWN_MS = 3_000;
/** How long the API may take to acknowledge orders again after the server is back. */
const RECOVERY_MS = 30_000;

// Needs the server binaries to run a cluster of its own (the shared server is never restarted); says so when absent.
if (!privatePostgresAvailable())
  process.stdout.write(
    'postgres-restart: skipped, no PostgreSQL server binaries under /usr/lib/postgresql\n',
  );

(privatePostgresAvailable() ? describe : describe.skip)(
  'a platform whose PostgreSQL server restarts under load',
  () => {
    let postgres: PrivatePostgres;

    beforeAll(async () => {
      postgres = startPrivatePostgres(pgPort);
      await fault.start(SKU);
    }, 900_000);

    afterAll(async () => {
      // The platform's databases go with its server: `down` is enough.
      await fault.stop('down');
      postgres?.stop();
    });

    jest.setTimeout(900_000);

    it('keeps every app up, answers 503 never 500, serves again within seconds, and loses no order', async () => {
      const apps = new Map(APPS.map((app) => [app, platform.pidOf(app)]));
      const load = placeOrders(api, SKU, 4, auth);
      const recoveries: { mode: string; ms: number }[] = [];
      const restarts: { from: number; to: number }[] = [];
      try {
        for (let round = 1; round <= rounds(2); round++) {
          const mode = round % 2 === 1 ? 'fast' : 'immediate';
          const before = load.report.acknowledged.length;
          await waitFor(() => load.report.acknowledged.length >= before + 20, {
            what: '20 more acknowledged orders',
            timeoutMs: 120_000,
          });
          await fault.disconnect();
          // Down long enough that requests arrive while nothing answers: they must get 503, not 500 or a hang.
          const stoppingAt = Date.now();
          await postgres.restart(mode, DOWN_MS);
          const backAt = Date.now();
          restarts.push({ from: stoppingAt, to: backAt });
          await fault.reconnect();
          const served = await waitFor(
            () => load.report.acknowledged.find((o) => o.startedAt > backAt)?.answeredAt,
            { what: `an order sent after the ${mode} restart to be acknowledged`, timeoutMs: 120_000 },
          );
          recoveries.push({ mode, ms: served - backAt });
        }
      } finally {
        await load.stop();
      }
      const report = load.report;
      await writeSideSettled(fault.db);
      const verdict = await findAcknowledgedInLog(platform, report.acknowledged);
      const heldThrough = report.acknowledged.filter((o) =>
        restarts.some((r) => o.startedAt <= r.to && o.answeredAt >= r.from),
      ).length;
      process.stdout.write(
        `postgres restarted ${recoveries.length} time(s): ${report.acknowledged.length} orders acknowledged, ` +
          `${verdict.lost.length} lost, ${verdict.duplicated.length} duplicated, ${heldThrough} in flight while it ` +
          `was down and acknowledged, statuses ` +
          `${JSON.stringify([...report.statuses])}, acknowledged again after (ms) ${JSON.stringify(recoveries)}\n`,
      );
      expect(report.unexpected).toEqual([]);
      // The restart met requests: each in flight or sent meanwhile got a 503 with Retry-After, or was held and
      // acknowledged once the server was back.
      expect(heldThrough + (report.statuses.get(503) ?? 0)).toBeGreaterThan(0);
      expect(report.retryAfterMissing).toBe(0);
      expect(verdict).toEqual({ lost: [], duplicated: [], misplaced: [] });
      for (const { ms } of recoveries) expect(ms).toBeLessThan(RECOVERY_MS);
      // Every acknowledged order was decided by the processor (writeSideSettled: none PENDING), and the read side
      // follows: the last one is projected and readable.
      const last = report.acknowledged.at(-1)!;
      await waitFor(
        async () => (await fetch(`${api}/orders/${last.orderId}`, { headers: auth() })).status === 200,
        { what: 'the last acknowledged order to be projected', timeoutMs: 60_000 },
      );
      // Recovered by themselves: the apps are the processes that were running before the first restart.
      expect(new Map(APPS.map((app) => [app, platform.pidOf(app)]))).toEqual(apps);
    });
  },
);
