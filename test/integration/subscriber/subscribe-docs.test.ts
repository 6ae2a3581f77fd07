import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exited } from '../../support/app-process';
import {
  cleanUp,
  createTestTopic,
  orderPaid,
  orderPlaced,
  orderRefunded,
  publish,
} from '../../support/subscriber-fixture';
import { platformConfig } from '../../support/platform';
import { uniqueName, waitFor } from '../../support/wait-for';

jest.setTimeout(600_000);

const ROOT = path.join(__dirname, '..', '..', '..');

/** The page's fenced blocks: files to write (```ts file=…), commands to run (```sh step) and to start (```sh background). */
function readPage(): { files: Map<string, string>; steps: string[]; background: string[] } {
  const page = fs.readFileSync(path.join(ROOT, 'docs', 'subscribe.md'), 'utf8');
  const files = new Map<string, string>();
  const steps: string[] = [];
  const background: string[] = [];
  for (const match of page.matchAll(/^```(\w+)([^\n]*)\n([\s\S]*?)^```$/gm)) {
    const [, , info = '', body = ''] = match;
    const file = /file=(\S+)/.exec(info)?.[1];
    if (file) files.set(file, body);
    else if (/\bstep\b/.test(info)) steps.push(...body.split('\n').filter(Boolean));
    else if (/\bbackground\b/.test(info)) background.push(...body.split('\n').filter(Boolean));
  }
  return { files, steps, background };
}

describe('docs/subscribe.md, followed by a team outside the monorepo', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'shopstream-subscriber-docs-'));
  const group = uniqueName('docs_audit');
  let topic = '';

  afterAll(async () => {
    fs.rmSync(folder, { recursive: true, force: true });
    if (topic) await cleanUp([topic], [group]);
  });

  it('packs the SDK, builds a consumer from the page, and it consumes real events', async () => {
    const { files, steps, background } = readPage();
    expect([...files.keys()].sort()).toEqual([
      'src/consumer.ts',
      'src/handlers.test.ts',
      'src/handlers.ts',
      'tsconfig.json',
    ]);
    // Step 1, as the platform team runs it.
    execFileSync('npm', ['pack', '--pack-destination', folder], {
      cwd: path.join(ROOT, 'libs', 'subscriber'),
    });
    expect(fs.existsSync(path.join(folder, 'shopstream-subscriber-0.1.0.tgz'))).toBe(true);

    // Installs come from the local npm cache when it has the packages, so the test does not depend on the network.
    const env = {
      ...process.env,
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    };
    const run = (line: string) =>
      execFileSync('bash', ['-c', line], { cwd: folder, env, stdio: 'pipe' }).toString();
    const [init, ...rest] = steps;
    run(init!);
    for (const [file, body] of files) {
      fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
      fs.writeFileSync(path.join(folder, file), body);
    }
    for (const line of rest) run(line);
    expect(fs.existsSync(path.join(folder, 'node_modules', 'kafkajs'))).toBe(true);
    expect(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')).not.toContain('/work/');

    const credentials = platformConfig().kafka.credentials;
    if (!credentials) throw new Error('no Kafka credentials: run `shopstream up` first');
    topic = await createTestTopic('docs_orders');
    const port = String(3_900 + Math.floor(Math.random() * 90));
    const consumer = spawn('bash', ['-c', background.join('\n')], {
      cwd: folder,
      // The test topic has no subscriber rules of its own: the consumer runs as the operator's principal.
      env: {
        ...process.env,
        ORDERS_TOPIC: topic,
        AUDIT_GROUP: group,
        PORT: port,
        KAFKA_USERNAME: credentials.username,
        KAFKA_PASSWORD: credentials.password,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const output: string[] = [];
    consumer.stderr.on('data', (d: Buffer) => output.push(d.toString()));
    consumer.stdout.on('data', (d: Buffer) => output.push(d.toString()));
    try {
      await waitFor(
        async () => (await fetch(`http://127.0.0.1:${port}/ready`).catch(() => null))?.status === 200,
        { what: 'the consumer ready', timeoutMs: 60_000 },
      );
      await publish(
        topic,
        [orderPlaced('docs-o-1', 'c-1'), orderPaid('docs-o-1', 4_200), orderRefunded('docs-o-1', 200)],
        {
          headers: { 'correlation-id': 'docs-req-1' },
        },
      );
      await waitFor(() => output.join('').includes('order refunded'), { what: 'the refund logged' });
      const lines = output
        .join('')
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toContainEqual(
        expect.objectContaining({
          msg: 'order paid',
          orderId: 'docs-o-1',
          amountMinor: 4_200,
          correlationId: 'docs-req-1',
          topic,
        }),
      );
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toMatch(/shopstream_subscriber_events_handled_total\{[^}]*OrderPaid"\} 1/);
    } finally {
      // The shell runs node as its child: signal the group, as a terminal's Ctrl-C would.
      process.kill(-consumer.pid!, 'SIGTERM');
      await exited(consumer);
    }
    expect(output.join('')).toContain('subscription stopped');
  });
});
