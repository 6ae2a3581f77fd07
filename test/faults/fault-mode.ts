/**
 * Full runs (`npm run test:faults`) repeat each fault over several rounds; quick runs (`--quick`, part of `npm test`)
 * inject each fault once. Run directly through jest, a scenario is quick.
 */
export const FULL = process.env.SHOPSTREAM_FAULTS === 'full';

/** Rounds of a repeated fault: `SHOPSTREAM_FAULT_ROUNDS` in a full run, else one. */
export const rounds = (full: number): number =>
  FULL ? Number(process.env.SHOPSTREAM_FAULT_ROUNDS ?? full) : 1;
