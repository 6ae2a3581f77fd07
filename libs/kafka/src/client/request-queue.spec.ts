/*
 * kafkajs 2.2.4's request queue, as patches/kafkajs+2.2.4.patch leaves it (applied by `npm install`): every broker
 * connection sends through one. Unpatched, a check with nothing pending scheduled the next check at a negative delay,
 * so each idle connection ran a timer every millisecond for as long as its client lived.
 */
interface PushedRequest {
  entry: { correlationId: number; resolve?: unknown; reject?: unknown };
  expectResponse: boolean;
  sendRequest: () => void;
}
interface RequestQueue {
  throttledUntil: number;
  checkPendingRequests(): void;
  push(request: PushedRequest): void;
  destroy(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueueClass = require('kafkajs/src/network/requestQueue') as new (
  options: object,
) => RequestQueue;

const quietLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

function queue(): RequestQueue {
  return new RequestQueueClass({
    maxInFlightRequests: null,
    requestTimeout: 30_000,
    enforceRequestTimeout: false,
    clientId: 'spec',
    broker: 'localhost:9092',
    logger: quietLogger,
  });
}

describe("kafkajs's request queue (patched)", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('keeps no timer while nothing is pending, so an idle connection costs nothing', () => {
    const idle = queue();
    idle.checkPendingRequests();
    expect(jest.getTimerCount()).toBe(0);
    idle.destroy();
  });

  it('still sends a request held by client-side throttling once the throttle is over', () => {
    const throttled = queue();
    throttled.throttledUntil = Date.now() + 500;
    const sent: number[] = [];
    throttled.push({ entry: { correlationId: 1 }, expectResponse: true, sendRequest: () => sent.push(1) });
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(499);
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(20);
    expect(sent).toEqual([1]);
    // Answered or not, nothing is pending any more: no check is left scheduled.
    expect(jest.getTimerCount()).toBe(0);
    throttled.destroy();
  });
});
