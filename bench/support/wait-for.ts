/** Polls `condition` until it holds, or fails after `timeoutMs`, naming what it waited for. */
export async function waitFor(
  condition: () => Promise<boolean>,
  { timeoutMs, intervalMs = 250, what }: { timeoutMs: number; intervalMs?: number; what: string },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`bench: timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
