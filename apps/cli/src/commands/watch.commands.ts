import { clientApiKey } from '@shopstream/access';
import { Command } from 'commander';
import { loadConfig } from '@shopstream/config';
import { LiveWatcher, ServerFrame } from '@shopstream/live';

/** `shopstream watch …`: a terminal client of the live gateway that prints each change and resumes by itself. */
export function registerWatchCommands(program: Command): void {
  const watch = program
    .command('watch')
    .description(
      'print a live channel: its snapshot, then each committed change; reconnects and resumes by itself',
    )
    .option(
      '--url <url>',
      'the live endpoint (default: the query API, ws://127.0.0.1:$SHOPSTREAM_QUERY_API_PORT/live)',
    )
    .option('--json', 'print the frames as JSON lines');
  watch
    .command('stock <sku>')
    .description('stock level of one sku')
    .action((sku: string) => run(watch, `stock:${sku}`));
  watch
    .command('order <orderId>')
    .description('status of one order')
    .action((orderId: string) => run(watch, `order:${orderId}`));
  watch
    .command('alerts')
    .description('low-stock alerts as they open and clear')
    .action(() => run(watch, 'alerts:low-stock'));
}

function run(watch: Command, channel: string): Promise<void> {
  const options = watch.opts<{ url?: string; json?: boolean }>();
  const platform = loadConfig();
  const url = options.url ?? `ws://127.0.0.1:${platform.ports.queryApi}/live`;
  const apiKey = clientApiKey(platform.security, platform.home);
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const watcher = new LiveWatcher({
    url,
    channel,
    ...(apiKey ? { apiKey } : {}),
    onFrame: (frame) => print(options.json ? JSON.stringify(frame) : describe(frame)),
    onStatus: (status) => process.stderr.write(`watch: ${status}\n`),
  });
  watcher.start();
  return new Promise((resolve) => {
    const stop = () => {
      watcher.stop();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** One line a person reads: time, what happened, the state after it. */
function describe(frame: ServerFrame): string {
  const at = new Date().toISOString().slice(11, 23);
  switch (frame.type) {
    case 'snapshot':
      return `${at} snapshot${frame.fresh ? ` (fresh: ${frame.fresh})` : ''} ${state(frame.data)}`;
    case 'delta': {
      const { change, ...rest } = frame.data as { change?: Record<string, unknown> };
      return `${at} ${changeText(change)} → ${state(rest)}`;
    }
    case 'resumed':
      return `${at} resumed: the changes missed follow`;
    case 'error':
      return `${at} error ${frame.code}: ${frame.message}`;
    case 'unsubscribed':
    case 'heartbeat':
    case 'pong':
      return `${at} ${frame.type}`;
  }
}

function changeText(change: Record<string, unknown> | undefined): string {
  if (!change) return 'changed';
  if (change.kind === 'order-status') return String(change.event);
  if (change.kind === 'threshold-set') return `threshold set to ${String(change.threshold)}`;
  if (change.kind === 'opened' || change.kind === 'cleared')
    return `alert ${String(change.kind)} (available ${String(change.available)}, threshold ${String(change.threshold)})`;
  return `${String(change.kind)} ${String(change.quantity)}`;
}

function state(data: unknown): string {
  if (data === null || typeof data !== 'object') return 'nothing yet';
  const d = data as Record<string, unknown>;
  if ('alertId' in d) return `${String(d.sku)}: alert ${String(d.status)}`;
  if ('onHand' in d)
    return `${String(d.sku)}: on hand ${String(d.onHand)}, reserved ${String(d.reserved)}, available ${String(d.available)}${d.lowStock ? ' (LOW)' : ''}`;
  if ('status' in d) return `${String(d.orderId)}: ${String(d.status)}`;
  if ('items' in d && Array.isArray(d.items)) return `${d.items.length} skus`;
  if ('open' in d && Array.isArray(d.open))
    return `${d.open.length} open alert(s)${d.open.map((a: { sku: string }) => ` ${a.sku}`).join('')}`;
  return JSON.stringify(d);
}
