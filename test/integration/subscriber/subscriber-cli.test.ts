import { subscribe, Subscription } from '@shopstream/subscriber';
import { runCli } from '../../support/cli';
import {
  cleanUp,
  connection,
  createTestTopic,
  orderPaid,
  publish,
  readAll,
} from '../../support/subscriber-fixture';
import { uniqueName, waitFor } from '../../support/wait-for';

jest.setTimeout(600_000);

describe('shopstream subscribers and dlt', () => {
  const group = uniqueName('sub_cli');
  const pickGroup = uniqueName('sub_cli_pick');
  let topic = '';
  let pickTopic = '';
  let subscription: Subscription | undefined;
  let picking: Subscription | undefined;

  afterAll(async () => {
    await subscription?.stop();
    await picking?.stop();
    if (topic) await cleanUp([topic], [group]);
    if (pickTopic) await cleanUp([pickTopic], [pickGroup]);
  });

  const json = async <T>(args: string[]): Promise<T> => {
    const result = await runCli([...args, '--json']);
    if (result.code !== 0) throw new Error(`shopstream ${args.join(' ')} failed: ${result.stderr}`);
    return JSON.parse(result.stdout) as T;
  };

  it('lists a group, shows its dead letters, replays one and discards another', async () => {
    topic = await createTestTopic('sub_cli');
    const healed = new Set<number>();
    const handled: number[] = [];
    subscription = await subscribe({
      group,
      topics: [{ name: topic, carries: 'shopstream.orders' }],
      connection,
      retry: { inPlace: { attempts: 1 }, topicDelaysMs: [200] },
      handlers: {
        OrderPaid: async (event) => {
          if (!healed.has(event.amountMinor))
            throw new Error(`amount ${event.amountMinor} is not accepted yet`);
          handled.push(event.amountMinor);
        },
      },
    });
    await publish(topic, [orderPaid('o-cli-1', 111), orderPaid('o-cli-2', 222)]);
    await waitFor(async () => (await readAll(`${topic}-dlt`)).length === 2, { what: 'two dead letters' });

    const groups = await json<{ group: string; retryDelaysMs: string }[]>(['subscribers', 'list']);
    expect(groups).toContainEqual(expect.objectContaining({ group, retryDelaysMs: '200' }));
    const status = await json<{ deadLetters: number; topics: string[] }>(['subscribers', 'status', group]);
    expect(status).toMatchObject({ deadLetters: 2, topics: [topic] });

    const letters = await json<{ position: string; exception: string; attempts: number }[]>([
      'dlt',
      'list',
      group,
    ]);
    expect(letters.map((l) => l.exception).sort()).toEqual([
      'Error: amount 111 is not accepted yet',
      'Error: amount 222 is not accepted yet',
    ]);
    expect(letters.every((l) => l.attempts === 2)).toBe(true);
    const shown = await runCli(['dlt', 'show', group, '--position', letters[0]!.position]);
    expect(shown.stdout).toContain('"type": "shopstream.orders.OrderPaid"');
    expect(shown.stdout).toContain('kafka_dlt-original-consumer-group');

    healed.add(111);
    healed.add(222);
    const replay = await runCli(['dlt', 'replay', group, '--delay', '200']);
    expect(replay.stdout).toContain('replayed 2 dead letter(s)');
    await waitFor(() => handled.length === 2, { what: 'the replayed events handled' });
    expect(handled.sort()).toEqual([111, 222]);
    expect(await json<unknown[]>(['dlt', 'list', group])).toEqual([]);

    await publish(topic, [orderPaid('o-cli-3', 333)]);
    await waitFor(async () => (await json<unknown[]>(['dlt', 'list', group])).length === 1, {
      what: 'a new dead letter',
    });
    expect((await runCli(['dlt', 'discard', group])).stdout).toContain('discarded 1 dead letter(s)');
    expect(await json<unknown[]>(['dlt', 'list', group])).toEqual([]);
    expect(handled).not.toContain(333);
  });

  it('replays and discards one dead letter at a time, earlier ones staying pending', async () => {
    // One partition: the three letters share a dead-letter partition, so settling the second and third while the
    // first is pending cannot move the cursor past them.
    pickTopic = await createTestTopic('sub_cli_pick', 1);
    const healed = new Set<number>();
    const handled: number[] = [];
    picking = await subscribe({
      group: pickGroup,
      topics: [{ name: pickTopic, carries: 'shopstream.orders' }],
      connection,
      retry: { inPlace: { attempts: 1 }, topicDelaysMs: [200] },
      handlers: {
        OrderPaid: async (event) => {
          if (!healed.has(event.amountMinor))
            throw new Error(`amount ${event.amountMinor} is not accepted yet`);
          handled.push(event.amountMinor);
        },
      },
    });
    await publish(pickTopic, [
      orderPaid('o-pick-1', 111),
      orderPaid('o-pick-2', 222),
      orderPaid('o-pick-3', 333),
    ]);
    // A member kicked out of its group on a loaded host reads its events again, so a letter may come twice: the
    // checks go by amount, and a position selects every copy of its letter.
    type Letter = { position: string; exception: string };
    const list = () => json<Letter[]>(['dlt', 'list', pickGroup]);
    const amountOf = (l: Letter) => Number(/amount (\d+)/.exec(l.exception)?.[1]);
    const amounts = (letters: Letter[]) => [...new Set(letters.map(amountOf))].sort();
    const letters = await waitFor(
      async () => {
        const all = await list();
        return amounts(all).length === 3 ? all : undefined;
      },
      { what: 'three dead letters', timeoutMs: 240_000 },
    );
    const at = new Map(letters.map((l) => [amountOf(l), l.position]));

    healed.add(222);
    const replay = await runCli(['dlt', 'replay', pickGroup, '--delay', '200', '--position', at.get(222)!]);
    expect(replay.stdout).toMatch(/replayed \d+ dead letter\(s\)/);
    await waitFor(() => handled.includes(222), {
      what: 'the replayed event handled',
      timeoutMs: 120_000,
    });
    expect(amounts(await list())).toEqual([111, 333]);

    const discard = await runCli(['dlt', 'discard', pickGroup, '--position', at.get(333)!]);
    expect(discard.stdout).toMatch(/discarded \d+ dead letter\(s\)/);
    expect(amounts(await list())).toEqual([111]);

    const unknown = await runCli(['dlt', 'discard', pickGroup, '--position', at.get(333)!]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain(`No pending dead letter at ${at.get(333)!}`);

    expect((await runCli(['dlt', 'discard', pickGroup])).stdout).toMatch(/discarded \d+ dead letter\(s\)/);
    expect(await list()).toEqual([]);
    expect(await json<{ deadLetters: number }>(['subscribers', 'status', pickGroup])).toMatchObject({
      deadLetters: 0,
    });
    expect(new Set(handled)).toEqual(new Set([222]));
  });
});
