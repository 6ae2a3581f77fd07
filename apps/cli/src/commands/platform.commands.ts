import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '@shopstream/config';
import {
  kafkaServiceName,
  platformDown,
  platformReset,
  formatBytes,
  platformStatus,
  credentialStatus,
  platformUp,
  readClusterFile,
  REGISTRY_SERVICE,
  statePaths,
} from '@shopstream/platform';

const say = (line: string) => process.stdout.write(`${line}\n`);

function brokerCount(value: string): number {
  const n = Number(value);
  if (n !== 1 && n !== 3) throw new InvalidArgumentError('only 1 or 3 brokers are supported');
  return n;
}

export function registerPlatformCommands(program: Command): void {
  program
    .command('up')
    .description(
      'start Kafka, the schema registry and the database, apply the topic catalog, schemas and migrations, then start the apps',
    )
    .option(
      '--brokers <n>',
      'Kafka brokers: 1, or 3 for a replicated cluster (rf 3, min.insync.replicas 2)',
      brokerCount,
    )
    .option(
      '--no-apps',
      'start only Kafka, the registry and the database, not the processor, projector and API',
    )
    .option(
      '--with <apps...>',
      'also start these optional apps: live-gateway (an extra /live endpoint; the query API serves one already)',
    )
    .action(async (options: { brokers?: number; apps: boolean; with?: string[] }) => {
      const config = loadConfig();
      const started = Date.now();
      const brokers = options.brokers ?? readClusterFile(config)?.nodes ?? 1;
      await platformUp(config, { brokers, apps: options.apps, optionalApps: options.with ?? [] }, say);
      say(`platform up and healthy in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    });

  program
    .command('down')
    .description('stop Kafka and the registry; events, topics and schemas are kept')
    .action(async () => {
      await platformDown(loadConfig(), say);
      say('platform stopped');
    });

  program
    .command('status')
    .description('health of every service, checked for real')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      const rows = await platformStatus(config);
      if (options.json) say(JSON.stringify(rows, null, 2));
      else
        console.table(
          rows.map((r) => ({
            service: r.service,
            state: r.healthy ? 'healthy' : 'DOWN',
            pid: r.pid ?? '',
            detail: r.detail,
          })),
        );
      const tables = rows.flatMap((r) => r.tables ?? []);
      if (!options.json && tables.length > 0)
        console.table(tables.map((t) => ({ table: t.table, rows: t.rows, size: formatBytes(t.bytes) })));
      // Which credentials are configured and where they come from; values are never printed.
      const credentials = credentialStatus(config);
      if (!options.json)
        console.table(
          credentials.map((c) => ({
            door: c.door,
            credential: c.credential,
            configured: c.ok ? c.configured : `MISSING: ${c.configured}`,
          })),
        );
      if (rows.some((r) => !r.healthy) || credentials.some((c) => !c.ok)) process.exitCode = 1;
    });

  program
    .command('logs <service>')
    .description(
      `print a service's log: ${REGISTRY_SERVICE}, kafka (kafka-1), kafka-2, kafka-3, processor, projector, commerce-api`,
    )
    .option('-n, --lines <n>', 'lines to show', '100')
    .option('-f, --follow', 'keep printing new lines')
    .action((service: string, options: { lines: string; follow?: boolean }) => {
      const config = loadConfig();
      const name = service === 'kafka' ? kafkaServiceName(1) : service;
      const file = statePaths(config.home).log(name);
      if (!fs.existsSync(file)) {
        throw new Error(
          `No log for "${service}" at ${file}. Services: ${REGISTRY_SERVICE}, kafka, kafka-2, kafka-3, processor, projector, commerce-api (after \`up\`).`,
        );
      }
      const tail = spawn('tail', ['-n', options.lines, ...(options.follow ? ['-F'] : []), file], {
        stdio: 'inherit',
      });
      tail.on('exit', (code) => (process.exitCode = code ?? 0));
    });

  program
    .command('reset')
    .description('stop everything and wipe all events, schemas and read models (asks first)')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(async (options: { yes?: boolean }) => {
      const config = loadConfig();
      if (!options.yes) {
        if (!process.stdin.isTTY) {
          throw new Error(
            'reset deletes every event, schema and read model; without a terminal to confirm, pass --yes.',
          );
        }
        const rl = createInterface({ input: process.stdin, output: process.stdout });
        const answer = await rl.question(
          'This deletes every event, schema and read model. Type "reset" to go on: ',
        );
        rl.close();
        if (answer.trim() !== 'reset') {
          say('nothing changed');
          return;
        }
      }
      await platformReset(config, say);
      say('platform reset; `npx shopstream up` starts it empty');
    });
}
