import { DataSource } from 'typeorm';
import { createDataSource, inTransaction, ListeningSession, pooledSql } from '@shopstream/database';
import {
  activateVersion,
  AppliedNotification,
  AppliedPositionsStore,
  deleteCheckpoints,
  forgetActiveVersion,
  parseAppliedNotification,
  PROJECTION_APPLIED_CHANNEL,
  listenForApplied,
  PositionWaiter,
  PositionWaitResult,
  saveCheckpoints,
  writeCheckpoints,
} from '@shopstream/projections';
import { platformConfig } from '../support/platform';
import { uniqueName, waitFor } from '../support/wait-for';

/**
 * A read waiting for a position is woken by the commit that moves the checkpoint (the checkpoints' notification),
 * not by a poll: the waiter here polls once a minute and gives up after two, so only a wake-up answers it soon.
 */
/** The real store, counting the checks it has answered. */
class CountingStore extends AppliedPositionsStore {
  answered = 0;
  override async nextOffsets(...args: Parameters<AppliedPositionsStore['nextOffsets']>) {
    const offsets = await super.nextOffsets(...args);
    this.answered++;
    return offsets;
  }
}

const WAITER_DEADLINE_MS = 120_000;

describe('read-your-writes wake-ups from checkpoint commits', () => {
  const config = platformConfig();
  const name = uniqueName('wake');
  const owner = { name, version: 1 };
  const topic = 'shopstream.inventory';
  const slot = { projection: name, topic, partition: 0 };
  let dataSource: DataSource;
  let waiter: PositionWaiter;
  let session: ListeningSession;
  let store: CountingStore;
  /** Registers a wait and lets its first check (on arrival) answer "not yet": from then on only a wake-up can. */
  const waitFrom = async (offset: bigint) => {
    const checked = store.answered;
    let result: PositionWaitResult | null = null;
    const wait = waiter.waitUntilApplied([{ ...slot, offset }], { timeoutMs: WAITER_DEADLINE_MS });
    void wait.then((r) => (result = r));
    await waitFor(() => store.answered > checked, { intervalMs: 5, what: 'the check on arrival' });
    return {
      answered: () => result !== null,
      /** The answer, which must come well before the waiter's own deadline (where a last check would answer). */
      woken: () => waitFor(() => result ?? false, { timeoutMs: 20_000, intervalMs: 5, what: 'the wake-up' }),
    };
  };

  beforeAll(async () => {
    dataSource = createDataSource(config.database.url, { poolSize: 3 });
    await dataSource.initialize();
    store = new CountingStore(pooledSql(dataSource));
    waiter = new PositionWaiter(store, {
      pollMs: 60_000,
      heardPollMs: 60_000,
      maxWaiting: 10,
    });
    session = await listenForApplied(waiter, config.database.url, () => undefined);
  });

  afterAll(async () => {
    waiter.close();
    await session.stop();
    await deleteCheckpoints(pooledSql(dataSource), [name], 'all');
    await dataSource.destroy();
  });

  it('answers a waiter once the first checkpoint of its slot is written', async () => {
    const waiting = await waitFrom(0n);
    await writeCheckpoints(pooledSql(dataSource), owner, [{ topic, partition: 0, nextOffset: 1n }]);
    expect(await waiting.woken()).toEqual({ applied: true });
  });

  it("answers at the commit of a lane's checkpoint move, and not before it", async () => {
    const waiting = await waitFrom(4n);
    await inTransaction(dataSource, async (sql) => {
      await saveCheckpoints(sql, {
        projectionName: name,
        projectionVersion: 1,
        advances: [{ topic, partition: 0, fromOffset: '1', nextOffset: '5' }],
      });
      // Moved inside the open transaction: nobody outside sees it, and nothing is announced yet.
      expect(await waiter.appliedNow([{ ...slot, offset: 4n }])).toMatchObject({ applied: false });
      expect(waiting.answered()).toBe(false);
    });
    expect(await waiting.woken()).toEqual({ applied: true });
  });

  it('answers from the positions the commit announces, without reading the checkpoints again', async () => {
    const waiting = await waitFrom(9n);
    const checks = store.answered;
    await inTransaction(dataSource, (sql) =>
      saveCheckpoints(sql, {
        projectionName: name,
        projectionVersion: 1,
        advances: [{ topic, partition: 0, fromOffset: '5', nextOffset: '10' }],
      }),
    );
    expect(await waiting.woken()).toEqual({ applied: true });
    expect(store.answered).toBe(checks);
  });

  it("announces the active version's positions, and only the name for a version that is not active", async () => {
    const heard: AppliedNotification[] = [];
    const listener = new ListeningSession({
      url: config.database.url,
      name: 'test listener',
      channels: [PROJECTION_APPLIED_CHANNEL],
      onNotification: (_, payload) => {
        const notification = parseAppliedNotification(payload);
        if (notification.projection === name) heard.push(notification);
      },
      log: () => undefined,
    });
    await listener.start();
    try {
      await activateVersion(pooledSql(dataSource), name, 1);
      await writeCheckpoints(pooledSql(dataSource), { name, version: 2 }, [
        { topic, partition: 3, nextOffset: 7n },
      ]);
      await writeCheckpoints(pooledSql(dataSource), owner, [
        { topic, partition: 1, nextOffset: 12n },
        { topic, partition: 2, nextOffset: 30n },
      ]);
      await waitFor(() => heard.length >= 2, { timeoutMs: 10_000, intervalMs: 5, what: 'two notifications' });
      expect(heard[0]).toEqual({ projection: name, positions: null });
      expect(heard[1]?.positions).toMatchObject({ version: 1, activatedMs: expect.any(Number) });
      expect(heard[1]?.positions?.slots).toEqual(
        expect.arrayContaining([
          { topic, partition: 1, nextOffset: 12n },
          { topic, partition: 2, nextOffset: 30n },
        ]),
      );
    } finally {
      await listener.stop();
      await forgetActiveVersion(pooledSql(dataSource), name);
    }
  });
});
