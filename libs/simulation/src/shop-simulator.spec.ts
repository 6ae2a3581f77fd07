import { ShopSimulator, SimulationOptions } from './shop-simulator';
import { InMemoryShop } from './testing/in-memory-shop';

const options = (overrides: Partial<SimulationOptions>): SimulationOptions => ({
  ratePerSecond: 60,
  durationSeconds: 3,
  skus: 50,
  customers: 100,
  seed: 7,
  concurrency: 16,
  ...overrides,
});

// Each spec runs the simulator for real seconds; a simulator that overruns its duration should fail on the
// assertion that says so, not on Jest's timer.
jest.setTimeout(30_000);

describe('ShopSimulator', () => {
  let shop: InMemoryShop;
  afterEach(() => shop.close());

  it('at a rate that fills its request slots, sends no transition the shop refuses and its counts add up', async () => {
    shop = new InMemoryShop({ answerMs: 100, processorMs: 50, rejectEvery: 9 });
    const simulator = new ShopSimulator(shop, options({ durationSeconds: 5 }));
    const stats = await simulator.run(() => undefined);

    expect(shop.refused).toEqual([]);
    expect(stats.confirmed + stats.rejected).toBeLessThanOrEqual(stats.ordersPlaced);
    expect(stats.paid).toBeLessThanOrEqual(stats.confirmed);
    expect(stats.shipped).toBeLessThanOrEqual(stats.paid);
    expect(stats.delivered).toBeLessThanOrEqual(stats.shipped);
    expect(stats.returned).toBeLessThanOrEqual(stats.delivered);
    expect(stats.ordersPlaced).toBe(shop.orders.size);
    // The flow got past payment, so the shipping transitions above were exercised, not vacuously empty.
    expect(stats.paid).toBeGreaterThan(0);
  });

  it('ends with counts equal to what the read models say, and names any order they differ on', async () => {
    shop = new InMemoryShop({ answerMs: 20, processorMs: 50, rejectEvery: 7 });
    const simulator = new ShopSimulator(shop, options({ durationSeconds: 2 }));
    await simulator.run(() => undefined);
    const comparison = await simulator.reconcile(5_000);
    expect(comparison.differences).toEqual([]);
    expect(comparison.simulator).toEqual(comparison.readModels);
    expect(simulator.stats.rejected).toBe(comparison.readModels['REJECTED']);
  });

  it('says which side was saturated when it could not keep the rate', async () => {
    shop = new InMemoryShop({ answerMs: 400, processorMs: 20 });
    const stats = await new ShopSimulator(shop, options({ durationSeconds: 2, concurrency: 4 })).run(
      () => undefined,
    );
    expect(stats.pacing).toMatchObject({ kept: false, saturated: 'shop' });
    expect(stats.pacing?.why).toContain('commerce API took');
  });

  it('stops at its duration', async () => {
    shop = new InMemoryShop({ answerMs: 30, processorMs: 20 });
    const started = Date.now();
    await new ShopSimulator(shop, options({ durationSeconds: 2 })).run(() => undefined);
    // The old simulator ran on for several seconds past its duration; the margin absorbs a busy machine's timers.
    expect(Date.now() - started).toBeLessThan(2_000 + 2_500);
  });

  it('keeps the requested rate when the shop answers quickly', async () => {
    shop = new InMemoryShop({ answerMs: 2, processorMs: 5 });
    const stats = await new ShopSimulator(shop, options({ concurrency: 64 })).run(() => undefined);
    // The old pacing reached less than half the rate; a busy machine's timers may cost a few percent.
    expect(stats.ordersPlaced).toBeGreaterThanOrEqual(0.8 * 60 * 3);
    expect(stats.pacing).toMatchObject({ kept: true });
  });
});
