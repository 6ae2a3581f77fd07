import { BatchControl } from '@shopstream/kafka';
import { whileAlive } from './keep-alive';

function fakeControl(active: () => boolean) {
  const control = {
    heartbeats: 0,
    seek: jest.fn(),
    isActive: active,
    heartbeat: async () => void control.heartbeats++,
  };
  return control satisfies BatchControl & { heartbeats: number };
}

describe('whileAlive', () => {
  it('resolves true once the work is done, without a heartbeat when it is quick', async () => {
    const control = fakeControl(() => true);
    await expect(whileAlive(Promise.resolve(), control, 50)).resolves.toBe(true);
    expect(control.heartbeats).toBe(0);
  });

  it('sends heartbeats while the work takes longer than a poll', async () => {
    const control = fakeControl(() => true);
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const waiting = whileAlive(done, control, 5);
    while (control.heartbeats < 2) await new Promise((resolve) => setImmediate(resolve));
    finish();
    await expect(waiting).resolves.toBe(true);
  });

  it('gives up when the partition is revoked while waiting', async () => {
    const control = fakeControl(() => false);
    await expect(whileAlive(new Promise(() => undefined), control, 5)).resolves.toBe(false);
    expect(control.heartbeats).toBe(0);
  });
});
