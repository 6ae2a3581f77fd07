import { Client } from 'pg';
import { createDataSource, isDatabaseUnavailable } from '@shopstream/database';
import { HeldRepliesProxy } from '../../support/held-replies-proxy';
import { platformConfig } from '../../support/platform';
import { waitFor } from '../../support/wait-for';

const config = platformConfig();

/*
 * A connection PostgreSQL ends right as it opens (a restart, a terminated backend): on a loaded host the server's
 * "ready" and its "terminating connection" reach the client in one read. The pool has then handed the client over
 * and stopped listening for its errors, and TypeORM starts listening only a moment later: the 'error' in between
 * had no listener and killed the process (the projector exiting during a PostgreSQL restart, issue 27). Here the
 * proxy holds the new connection's replies until the backend is terminated and passes them on in one write. The
 * lost session must reach the query that uses the connection, as an error the engines retry, and the pool must
 * go on with fresh connections. An uncaught 'error' fails this test run.
 */
describe('a data source whose new connection is terminated as it opens', () => {
  const target = new URL(config.database.url);
  const proxy = new HeldRepliesProxy(target.hostname, Number(target.port || 5432));
  const admin = new Client({ connectionString: config.database.url });

  beforeAll(async () => {
    await proxy.start();
    await admin.connect();
  });

  afterAll(async () => {
    await admin.end();
    await proxy.stop();
  });

  it('fails the query on it as a lost session and serves the next one on a fresh connection', async () => {
    const url = new URL(config.database.url);
    url.host = `127.0.0.1:${proxy.port}`;
    const dataSource = createDataSource(url.toString(), { poolSize: 2 });
    await dataSource.initialize();
    // Holds the pool's one idle connection, so that the next runner opens a new one.
    const busy = dataSource.createQueryRunner();
    await busy.connect();
    try {
      proxy.holding = true;
      const opening = dataSource.createQueryRunner();
      const connected = opening.connect();
      const held = await waitFor(() => proxy.held[0]?.kinds().includes('Z') && proxy.held[0], {
        what: 'the new connection to be ready (held at the proxy)',
      });
      proxy.holding = false;
      await admin.query('select pg_terminate_backend($1)', [held.backendPid()]);
      await waitFor(() => held.kinds().includes('E'), { what: 'the backend to say it terminates' });
      held.release();
      await connected;
      const failure: unknown = await opening.query('select 1').then(
        () => new Error('the query succeeded on a terminated connection'),
        (error: unknown) => error,
      );
      expect({ unavailable: isDatabaseUnavailable(failure), failure: String(failure) }).toMatchObject({
        unavailable: true,
      });
      await opening.release();
      expect(await dataSource.query('select 1 as one')).toEqual([{ one: 1 }]);
    } finally {
      await busy.release();
      await dataSource.destroy();
    }
  });
});
