import { ListeningSession } from '@shopstream/database';
import { parseAppliedNotification } from './applied-notification';
import { PositionWaiter } from './position-waiter';

/**
 * Where each statement that moves checkpoints announces, on commit, the projections it moved (migration 13000) and
 * where their active versions got to (migration 15000; see parseAppliedNotification).
 */
export const PROJECTION_APPLIED_CHANNEL = 'shopstream_projection_applied';

/**
 * Wakes `waiter` at each commit that moves a projection's checkpoints, on one LISTEN session of its own, so a read
 * with a position is answered as soon as the projector commits instead of at the next poll. While the session is
 * down the waiter polls at its `pollMs`; the session reconnects by itself. Stop it with `stop()`.
 */
export async function listenForApplied(
  waiter: PositionWaiter,
  databaseUrl: string,
  log: (line: string) => void,
): Promise<ListeningSession> {
  const session = new ListeningSession({
    url: databaseUrl,
    name: 'read-your-writes wake-ups',
    channels: [PROJECTION_APPLIED_CHANNEL],
    onNotification: (channel, payload) => {
      if (channel !== PROJECTION_APPLIED_CHANNEL) return;
      const { projection, positions } = parseAppliedNotification(payload);
      waiter.applied(projection, positions);
    },
    onConnected: () => waiter.hearing(true),
    onLost: () => waiter.hearing(false),
    log,
  });
  await session.start();
  return session;
}
