import { randomUUID } from 'node:crypto';
import { loadConfig } from '@shopstream/config';
import { useKafkaCredentials } from '@shopstream/kafka';
import { createOrderFlowCommands } from '@shopstream/order-flow';

/*
 * Writes stock through the order-flow commands in a process of its own, so the gateway's process (the one measured)
 * does not also run the writers. Each write receives one unit of a bench sku: a client can count its changes.
 */

interface Job {
  readonly skus: readonly string[];
}

/** `paced`: `perSecond` writes each second for `seconds`; `burst`: `count` writes, `inFlight` at a time. */
type Order =
  | { readonly op: 'paced'; readonly perSecond: number; readonly seconds: number }
  | { readonly op: 'burst'; readonly count: number; readonly inFlight: number }
  | { readonly op: 'close' };

const { skus } = JSON.parse(process.argv[2] ?? '{}') as Job;
const config = loadConfig();
useKafkaCredentials(config.kafka.credentials);
const written = new Map(skus.map((sku) => [sku, 0]));
let next = 0;

async function main(): Promise<void> {
  // A few connections are plenty for writes from one process, and leave room on a shared server. They are held
  // between phases: while 10,000 clients catch up the apps' pools grow, and a slot given up meanwhile was gone.
  const handle = await createOrderFlowCommands(config, { poolSize: 4, holdIdle: true });
  const writeOne = async () => {
    const sku = skus[next++ % skus.length]!;
    await handle.commands.receiveStock(
      sku,
      { quantity: 1 },
      { idempotencyKey: null, requestHash: 'bench', correlationId: randomUUID() },
    );
    written.set(sku, written.get(sku)! + 1);
  };
  const reply = () => process.send!({ written: Object.fromEntries(written) });
  process.on('message', (order: Order) => {
    if (order.op === 'close') {
      void handle.close().then(() => process.send!({ closed: true }));
      return;
    }
    void run(order, writeOne).then(reply, (error: unknown) =>
      process.send!({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
  process.send!({ ready: true });
}

async function run(order: Order, writeOne: () => Promise<void>): Promise<void> {
  if (order.op === 'burst') {
    let left = order.count;
    await Promise.all(
      Array.from({ length: order.inFlight }, async () => {
        while (left-- > 0) await writeOne();
      }),
    );
    return;
  }
  if (order.op !== 'paced') return;
  const started = Date.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < order.perSecond * order.seconds; i++) {
    const due = started + (i * 1000) / order.perSecond;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(writeOne());
  }
  await Promise.all(pending);
}

void main().catch((error: unknown) =>
  process.send!({ error: error instanceof Error ? error.message : String(error) }),
);
