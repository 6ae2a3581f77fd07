import { readFileSync } from 'node:fs';

/** The machine's CPU time so far in clock ticks, all of it and what the hypervisor stole; undefined off Linux. */
function cpuTicks(): { total: number; stolen: number } | undefined {
  let line: string | undefined;
  try {
    line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
  } catch {
    return undefined;
  }
  // cpu user nice system idle iowait irq softirq steal guest guest_nice: guest time is already in user and nice.
  const ticks = (line ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
  if (ticks.length < 8 || ticks.some((t) => !Number.isFinite(t))) return undefined;
  return { total: ticks.reduce((a, b) => a + b, 0), stolen: ticks[7]! };
}

/**
 * Starts counting the CPU time a virtual machine's hypervisor gives to other guests: on a shared host it comes and
 * goes by the minute, and a phase that lost a tenth of its CPU is a tenth slower for no reason of its own. The
 * returned function gives the share stolen since the start (0 to 1), or undefined where it cannot be read.
 */
export function stealMeter(): () => number | undefined {
  const start = cpuTicks();
  return () => {
    const end = cpuTicks();
    if (!start || !end || end.total <= start.total) return undefined;
    return (end.stolen - start.stolen) / (end.total - start.total);
  };
}
