import * as fs from 'node:fs';

/** The parts of a V8 .cpuprofile (from `node --cpu-prof`) that a self-time summary needs. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
  }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Prints the functions with the most self time in a CPU profile, grouped by function and file:
 * `node dist/bench/profile/summarize-profile.js <file.cpuprofile> [top]`.
 */
function summarize(file: string, top: number): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.replace(/^.*\/(node_modules|dist)\//, '$1/');
    const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(
      ([key, us]) =>
        `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`,
    )
    .join('\n');
}

const [file, top] = process.argv.slice(2);
if (!file) throw new Error('usage: summarize-profile.js <file.cpuprofile> [top]');
process.stdout.write(`${summarize(file, Number(top ?? 25))}\n`);
