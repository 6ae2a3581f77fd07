import { eventIdBoundary, hasReadUpTo, ledgerCut } from './ledger-horizon';

const HOUR = 3_600_000;

describe('ledgerCut', () => {
  it('asks the projection to have read up to the ledger horizon ago and deletes below both horizons more', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const cut = ledgerCut(now, { ledgerHorizonMs: 24 * HOUR, outboxHorizonMs: 48 * HOUR });
    expect(cut.readUpTo.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(cut.eventsBefore.toISOString()).toBe('2026-11-27T00:00:00.000Z');
  });
});

describe('eventIdBoundary', () => {
  const v7 = (ms: number) => {
    const hex = ms.toString(16).padStart(12, '0');
    return `${hex.slice(0, 8)}-${hex.slice(8)}-7abc-8def-0123456789ab`;
  };
  const boundary = eventIdBoundary(new Date(1_800_000_000_000));

  it('sorts after ids minted earlier and before ids minted at or after the time', () => {
    expect(v7(1_799_999_999_999) < boundary).toBe(true);
    expect(v7(1_800_000_000_000) < boundary).toBe(false);
    expect(v7(1_800_000_000_001) < boundary).toBe(false);
    expect(v7(1_000) < boundary).toBe(true);
  });

  it('writes the time as twelve lower-case hex digits', () => {
    expect(boundary).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}$/);
    expect(eventIdBoundary(new Date(0))).toBe('00000000-0000');
  });
});

describe('hasReadUpTo', () => {
  const at = [
    { topic: 't', partition: 0, offset: '10' },
    { topic: 't', partition: 1, offset: '0' },
  ];

  it('holds when every partition is at or past the offset at the cut', () => {
    expect(hasReadUpTo([{ topic: 't', partition: 0, nextOffset: '10' }], at)).toBe(true);
  });

  it('fails when one partition is behind', () => {
    expect(hasReadUpTo([{ topic: 't', partition: 0, nextOffset: '9' }], at)).toBe(false);
  });

  it('counts a partition without a checkpoint as read up to offset zero', () => {
    expect(hasReadUpTo([], [{ topic: 't', partition: 3, offset: '1' }])).toBe(false);
    expect(hasReadUpTo([], [{ topic: 't', partition: 3, offset: '0' }])).toBe(true);
  });
});
