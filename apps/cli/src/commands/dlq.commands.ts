import { Command } from 'commander';
import { deadLetterIds } from '../arguments/argument-checks';
import { DataSource } from 'typeorm';
import { loadConfig } from '@shopstream/config';
import { createDataSource, SqlExecutor } from '@shopstream/database';
import { createEventCodec } from '@shopstream/events';
import { discardDeadLetters, listDeadLetters, redriveDeadLetters } from '@shopstream/projections';
import { dlqTarget } from './dlq-targets';

async function withDatabase<T>(work: (dataSource: DataSource, sql: SqlExecutor) => Promise<T>): Promise<T> {
  const dataSource = createDataSource(loadConfig().database.url, { poolSize: 2 });
  await dataSource.initialize();
  try {
    return await work(dataSource, {
      query: (text, params) => dataSource.query(text, params ? [...params] : undefined),
    });
  } finally {
    await dataSource.destroy();
  }
}

export function registerDlqCommands(program: Command): void {
  const dlq = program
    .command('dlq')
    .description('events parked by read models and the order-flow processor: list, show, redrive, discard');

  dlq
    .command('list')
    .description('parked events, oldest first')
    .option('--projection <name>', 'only this projection')
    .option('--all', 'include redriven and discarded ones')
    .option('--json', 'print JSON')
    .action(async (options: { projection?: string; all?: boolean; json?: boolean }) =>
      withDatabase(async (_ds, sql) => {
        const letters = await listDeadLetters(sql, {
          ...(options.projection ? { projection: options.projection } : {}),
          status: options.all ? 'ALL' : 'PARKED',
        });
        const rows = letters.map((d) => ({
          id: d.id,
          projection: `${d.projection} v${d.version}`,
          position: `${d.topic}/${d.partition}@${d.offset}`,
          key: d.key,
          code: d.errorCode,
          attempts: d.attempts,
          status: d.status,
          lastSeen: d.lastSeen.toISOString(),
        }));
        if (options.json) console.log(JSON.stringify(rows, null, 2));
        else if (rows.length === 0) console.log('no parked events');
        else console.table(rows);
      }),
    );

  dlq
    .command('show <id>')
    .description('one parked event: error, position, key, raw bytes, decoded event if it decodes now')
    .action(async (id: string) => {
      deadLetterIds([id]);
      await withDatabase(async (_ds, sql) => {
        const [letter] = await listDeadLetters(sql, { ids: [id], status: 'ALL' });
        if (!letter) throw new Error(`No dead letter with id ${id}; see \`shopstream dlq list --all\``);
        let decoded: unknown;
        try {
          decoded = await createEventCodec(loadConfig().registry.url).decode(letter.value);
        } catch (error) {
          decoded = `does not decode: ${error instanceof Error ? error.message : String(error)}`;
        }
        console.log(
          JSON.stringify({ ...letter, value: letter.value?.toString('base64') ?? null, decoded }, null, 2),
        );
      });
    });

  dlq
    .command('redrive <projection>')
    .description(
      "apply a projection's parked events again, key by key in log order (after a fix); order_flow is the processor",
    )
    .option('--id <ids...>', 'only these dead letters')
    .action(async (name: string, options: { id?: string[] }) => {
      if (options.id) deadLetterIds(options.id);
      await withDatabase(async (dataSource) => {
        const codec = createEventCodec(loadConfig().registry.url);
        const results = await redriveDeadLetters({
          dataSource,
          codec,
          ...dlqTarget(name, codec),
          ...(options.id ? { ids: options.id } : {}),
        });
        if (results.length === 0) console.log(`nothing parked for ${name}`);
        else console.table(results);
        if (results.some((r) => r.outcome !== 'REDRIVEN')) process.exitCode = 1;
      });
    });

  dlq
    .command('discard <ids...>')
    .description(
      'give up on parked events: they are never applied (later events of their keys stay parked until redriven)',
    )
    .action(async (ids: string[]) => {
      deadLetterIds(ids);
      await withDatabase(async (dataSource) => {
        await discardDeadLetters(dataSource, ids);
        console.log(`discarded ${ids.join(', ')}`);
      });
    });
}
