/**
 * Calls made while an earlier one is under way share it instead of starting their own; the first call after it
 * settles (resolved or rejected) runs what it was given.
 */
export function singleFlight(): (run: () => Promise<void>) => Promise<void> {
  let current: Promise<void> | undefined;
  return (run) => {
    current ??= run().finally(() => (current = undefined));
    return current;
  };
}
