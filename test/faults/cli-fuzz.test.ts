import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { FULL } from './fault-mode';

/*
 * The CLI's options and arguments, fuzzed with values that are invalid by construction. Every run must be refused at
 * once (a non-zero exit within seconds), with a message that names the option or argument at fault, no stack trace
 * and no log lines. The commands run against services that do not exist (every address points at a closed port), so
 * a command that connected before checking its input would answer with a connection error instead, or hang.
 */
const RUNS = FULL ? 300 : 40;
const CLI = path.join(__dirname, '..', '..', 'bin', 'shopstream.js');
const CLOSED = '127.0.0.1:1';

const notANumber = fc.oneof(
  fc.constantFrom('-1', '0', 'abc', '1.5x', '', 'NaN', '1e999', ' ', '0x'),
  // '--' alone ends the options: it is no value at all.
  fc.string({ maxLength: 8 }).filter((s) => !/^\s*[0-9.eE+-]*\s*$/.test(s) && s !== '--'),
);
const notAPosition = fc.oneof(
  fc.constantFrom('nonsense', 'orders/x@1', 'orders/1@', '/1@2', 'orders 1@2', 'orders/01@2', ''),
  fc.string({ maxLength: 20 }).filter((s) => !/^[^/\s]+\/\d+@\d+$/.test(s)),
);
const notATime = fc.oneof(
  fc.constantFrom('yesterday', '2026-13-45T00:00:00Z', 'soon', '0', '12:00', ''),
  fc.string({ maxLength: 12 }).filter((s) => Number.isNaN(Date.parse(s)) && s !== 'earliest'),
);
const notAScope = fc.string({ minLength: 1, maxLength: 12 }).map((s) => `zz${s.replace(/,/g, '')}`);
const notAnId = fc.oneof(
  fc.constantFrom('', 'a b', 'x'.repeat(201)),
  fc.tuple(fc.string({ maxLength: 5 }), fc.constantFrom(' ', '\t', '\u0007')).map(([a, b]) => `${a}${b}x`),
);
const notASchema = fc.oneof(
  fc.constantFrom('Bad', 'a-b', 'x;drop', '1abc', 'a'.repeat(64)),
  fc.string({ minLength: 1, maxLength: 10 }).map((s) => `Z${s}`),
);

interface Case {
  readonly args: readonly string[];
  /** What the refusal must name. */
  readonly names: RegExp;
}

const CASES: fc.Arbitrary<Case> = fc.oneof(
  fc
    .tuple(fc.constantFrom('--rate', '--duration', '--skus', '--customers', '--concurrency'), notANumber)
    .map(([option, value]) => ({ args: ['simulate', option, value], names: new RegExp(option) })),
  notANumber.map((ttl) => ({ args: ['tokens', 'issue', '--customer', 'c-1', '--ttl', ttl], names: /--ttl/ })),
  notAScope.map((scope) => ({
    args: ['keys', 'create', '--name', 'fuzz', '--scopes', scope],
    names: /scope/i,
  })),
  notANumber.map((id) => ({ args: ['dlq', 'show', id], names: /Dead-letter ids/ })),
  notANumber.map((id) => ({ args: ['dlq', 'discard', '1', id], names: /Dead-letter ids/ })),
  fc
    .tuple(fc.constantFrom('replay', 'discard'), notAPosition)
    .map(([verb, position]) => ({ args: ['dlt', verb, 'g', '--position', position], names: /--position/ })),
  notANumber
    .filter((delay) => delay !== '0')
    .map((delay) => ({ args: ['dlt', 'replay', 'g', '--delay', delay], names: /--delay/ })),
  // 0 events is a valid --max-gap.
  fc
    .tuple(
      fc.constantFrom('--runners', '--max-gap'),
      notANumber.filter((v) => v !== '0'),
    )
    .map(([option, value]) => ({
      args: ['projections', 'rebuild', 'order_summary', option, value],
      names: new RegExp(option),
    })),
  notATime.map((from) => ({
    args: ['projections', 'rebuild', 'order_summary', '--from', from],
    names: /--from/,
  })),
  notATime.map((until) => ({
    args: ['replay', 'order_summary', '--until', until, '--into', 'fuzz_sandbox'],
    names: /--until/,
  })),
  notASchema.map((schema) => ({
    args: ['replay', 'order_summary', '--until', '2026-12-01T00:00:00Z', '--into', schema],
    names: /Schema/,
  })),
  fc
    .constantFrom('0', '2', '4', '-1', 'x', '')
    .map((brokers) => ({ args: ['up', '--brokers', brokers], names: /--brokers/ })),
  notAnId.map((orderId) => ({ args: ['events', 'history', orderId], names: /order id/ })),
);

interface Run {
  readonly code: number | null;
  readonly output: string;
  readonly ms: number;
}

function runCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, ms: Date.now() - started });
    });
  });
}

/** What is wrong with how the CLI answered an invalid invocation, or null when it refused it as it should. */
function problemOf(run: Run, names: RegExp): string | null {
  if (run.code === 0 || run.code === null) return `exit ${run.code}`;
  if (/^\s+at /m.test(run.output)) return 'a stack trace';
  if (/"level":|ECONNREFUSED/.test(run.output)) return 'a connection attempt or log lines';
  // A value starting with '-' reads as an option: commander refuses it by name, which is right too.
  if (!names.test(run.output) && !/^error: (unknown option|option '.*' argument missing)/m.test(run.output))
    return `no mention of ${names}`;
  return null;
}

describe('the CLI, fuzzed', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'shopstream-cli-fuzz-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    SHOPSTREAM_HOME: home,
    SHOPSTREAM_KAFKA_BROKERS: CLOSED,
    SHOPSTREAM_DATABASE_URL: `postgres://nobody@${CLOSED}/nothing`,
    SHOPSTREAM_REGISTRY_URL: `http://${CLOSED}/apis/ccompat/v7`,
    SHOPSTREAM_API_KEY: `ssk_aaaaaaaaaaaa_${'f'.repeat(43)}`,
    SHOPSTREAM_KAFKA_ADMIN_PASSWORD: 'fuzz-password-0123456789',
  };
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  jest.setTimeout(1_200_000);

  it('refuses every invalid value at once, naming it, without a stack trace or a connection attempt', async () => {
    // Each invocation is a Node process of its own that waits on nothing: two at a time keep both cores busy.
    // Cases are drawn from a seed the output names, so a failing one can be drawn again (SHOPSTREAM_FUZZ_SEED).
    const seed = Number(process.env.SHOPSTREAM_FUZZ_SEED ?? Date.now() % 2 ** 31);
    const cases = fc.sample(CASES, { numRuns: RUNS, seed });
    const problems: string[] = [];
    const slowest = { ms: 0, args: '' };
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const { args, names } = cases[next++]!;
        const run = await runCli(args, env);
        if (run.ms > slowest.ms) Object.assign(slowest, { ms: run.ms, args: args.join(' ') });
        const problem = problemOf(run, names);
        if (problem)
          problems.push(
            `shopstream ${args.map((a) => JSON.stringify(a)).join(' ')}: ${problem}; output: ${run.output.slice(0, 400)}`,
          );
      }
    };
    await Promise.all([worker(), worker()]);
    process.stdout.write(
      `cli fuzz (seed ${seed}): ${cases.length} invalid invocations, ${problems.length} not refused as they should ` +
        `be; slowest ${slowest.ms} ms (${slowest.args})\n`,
    );
    expect(problems).toEqual([]);
  });
});
