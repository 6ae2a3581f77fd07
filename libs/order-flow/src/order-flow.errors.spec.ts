import { EventsNotPublishedError } from './order-flow.errors';

describe('EventsNotPublishedError', () => {
  it('tells a client that sent an Idempotency-Key to retry with the same key', () => {
    expect(new EventsNotPublishedError(5_000).message).toMatch(/Retry with the same Idempotency-Key/);
  });

  it('tells a client without a key not to retry as it was, since that would run a committed command again', () => {
    const error = new EventsNotPublishedError(5_000, false);
    expect(error.message).toMatch(/committed/);
    expect(error.message).toMatch(/without an Idempotency-Key a retry runs the command again/);
  });
});
