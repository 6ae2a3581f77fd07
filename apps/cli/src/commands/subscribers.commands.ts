import { Command } from 'commander';
import { logPosition, milliseconds, plainId } from '../arguments/argument-checks';
import { loadConfig } from '@shopstream/config';
import { createEventCodec } from '@shopstream/events';
import {
  DeadLetter,
  discardDeadLetters,
  listSubscriberGroups,
  pendingDeadLetters,
  replayDeadLetters,
  subscriberStatus,
} from '@shopstream/subscriber';

/** `shopstream subscribers list|status` and `shopstream dlt list|show|replay|discard <group>`. */
export function registerSubscriberCommands(program: Command): void {
  registerSubscribers(program);
  registerDeadLetterTopics(program);
}

function registerSubscribers(program: Command): void {
  const subscribers = program
    .command('subscribers')
    .description('consumer groups made with @shopstream/subscriber: lag, retries, dead letters');

  subscribers
    .command('list')
    .description('subscriber groups with their state, members and retry stages')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const groups = await listSubscriberGroups(loadConfig().kafka.brokers);
      const rows = groups.map((g) => ({
        group: g.groupId,
        state: g.state,
        members: g.members,
        retryDelaysMs: g.retryDelaysMs.join(','),
      }));
      if (options.json) console.log(JSON.stringify(rows, null, 2));
      else if (rows.length === 0) console.log('no subscriber groups');
      else console.table(rows);
    });

  subscribers
    .command('status <group>')
    .description('lag per partition, events waiting in retry topics, pending dead letters')
    .option('--json', 'print JSON')
    .action(async (group: string, options: { json?: boolean }) => {
      const status = await subscriberStatus(loadConfig().kafka.brokers, group);
      if (options.json) return console.log(JSON.stringify(status, null, 2));
      if (status.partitions.length === 0)
        throw new Error(
          `Group ${group} has committed nothing; see \`shopstream subscribers list\` for the groups.`,
        );
      console.log(`${group}: topics ${status.topics.join(', ')}`);
      console.table(status.partitions);
      console.log(
        `waiting for retry: ${status.waitingForRetry}, dead letters pending: ${status.deadLetters}`,
      );
    });
}

function registerDeadLetterTopics(program: Command): void {
  const dlt = program
    .command('dlt')
    .description("a subscriber group's dead-letter topics (<topic>-dlt): list, show, replay, discard");

  const pending = (group: string) => pendingDeadLetters(loadConfig().kafka.brokers, group);
  const position = (l: DeadLetter) => `${l.originalTopic}/${l.originalPartition}@${l.originalOffset}`;

  dlt
    .command('list <group>')
    .description("the group's dead letters not replayed or discarded, in log order")
    .option('--json', 'print JSON')
    .action(async (group: string, options: { json?: boolean }) => {
      const rows = (await pending(group)).map((l) => ({
        position: position(l),
        key: l.record.key,
        exception: `${l.exceptionClass}: ${l.exceptionMessage}`,
        attempts: l.attempts,
        deadLettered: new Date(l.record.timestamp).toISOString(),
      }));
      if (options.json) console.log(JSON.stringify(rows, null, 2));
      else if (rows.length === 0) console.log(`no dead letters pending for ${group}`);
      else console.table(rows);
    });

  dlt
    .command('show <group>')
    .description('each pending dead letter with its headers and the event decoded')
    .option('--position <topic/partition@offset>', 'only the letter of this original position')
    .action(async (group: string, options: { position?: string }) => {
      const codec = createEventCodec(loadConfig().registry.url);
      const letters = (await pending(group)).filter(
        (l) => !options.position || position(l) === options.position,
      );
      if (letters.length === 0)
        throw new Error(
          `No pending dead letter${options.position ? ` at ${options.position}` : ''} for ${group}; see \`shopstream dlt list ${group}\`.`,
        );
      for (const l of letters) {
        let event: unknown;
        try {
          event = await codec.decode(l.record.value);
        } catch (error) {
          event = `does not decode: ${error instanceof Error ? error.message : String(error)}`;
        }
        console.log(
          JSON.stringify(
            { position: position(l), key: l.record.key, headers: l.record.headers, event },
            null,
            2,
          ),
        );
      }
    });

  /** The pending letters, or only those of `--position`; none there is an error naming what to look at. */
  const selected = async (group: string, at: string | undefined) => {
    const letters = (await pending(group)).filter((l) => at === undefined || position(l) === at);
    if (at !== undefined && letters.length === 0)
      throw new Error(`No pending dead letter at ${at} for ${group}; see \`shopstream dlt list ${group}\`.`);
    return letters;
  };

  dlt
    .command('replay <group>')
    .description("send the group's pending dead letters through its first retry topic (after a fix)")
    .option('--delay <ms>', "the first of the subscription's retry.topicDelaysMs", '1000')
    .option('--position <topic/partition@offset>', 'only the letter of this original position')
    .action(async (group: string, options: { delay: string; position?: string }) => {
      const delayMs = milliseconds('--delay', options.delay);
      const letters = await selected(plainId('A group', group), logPosition(options.position));
      const replayed = await replayDeadLetters(loadConfig().kafka.brokers, group, letters, delayMs);
      console.log(
        replayed === 0
          ? `no dead letters pending for ${group}`
          : `replayed ${replayed} dead letter(s) of ${group}`,
      );
    });

  dlt
    .command('discard <group>')
    .description(
      "give up on the group's pending dead letters: they stay in the topic but are no longer pending",
    )
    .option('--position <topic/partition@offset>', 'only the letter of this original position')
    .action(async (group: string, options: { position?: string }) => {
      const letters = await selected(plainId('A group', group), logPosition(options.position));
      await discardDeadLetters(loadConfig().kafka.brokers, group, letters);
      console.log(`discarded ${letters.length} dead letter(s) of ${group}`);
    });
}
