import { BatchControl } from '@shopstream/kafka';

/**
 * Waits for `done` while keeping the consumer's session alive with a heartbeat every `pollMs`; false as soon as the
 * batch's partition is no longer this member's (a rebalance, a stop), true once `done` settles.
 */
export async function whileAlive(
  done: Promise<unknown>,
  control: BatchControl,
  pollMs = 1_000,
): Promise<boolean> {
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      done.then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), pollMs))),
    ]);
    clearTimeout(timer);
    if (finished) return true;
    if (!control.isActive()) return false;
    await control.heartbeat();
  }
}
