import { PartitionAcknowledgement } from './partition-acknowledgements';
import { ProduceTransport, TopicMessages } from './produce-transport';

type Step = (topics: readonly TopicMessages[]) => 'drop-partition-1' | 'ok' | Error;

/**
 * A transport for specs that answers each send from a script, the way a broker answers in a failover: some
 * partitions left out, or the request failing. A key's partition is its digits.
 */
export class ScriptedTransport implements ProduceTransport {
  readonly sent: TopicMessages[][] = [];
  private readonly nextOffset = new Map<string, number>();

  /** Leader of each partition: partition modulo `leaders`, so specs can put records on one broker or several. */
  constructor(
    private readonly script: Step[],
    private readonly leaders = 1,
  ) {}

  leaderOf = (_topic: string, partition: number) => Promise.resolve(partition % this.leaders);
  forgetLeaders = () => undefined;

  connect = () => Promise.resolve();
  disconnect = () => Promise.resolve();
  partitionFor = (_topic: string, key: string) => Promise.resolve(Number(key.replace(/\D/g, '')));

  sendBatch(topics: readonly TopicMessages[]): Promise<readonly PartitionAcknowledgement[]> {
    this.sent.push([...topics]);
    const step: Step = this.script.shift() ?? (() => 'ok');
    const outcome = step(topics);
    if (outcome instanceof Error) return Promise.reject(outcome);
    const answer: PartitionAcknowledgement[] = [];
    for (const { topic, messages } of topics) {
      for (const partition of new Set(messages.map((m) => m.partition))) {
        if (outcome === 'drop-partition-1' && partition === 1) continue;
        const slot = `${topic}/${partition}`;
        const base = this.nextOffset.get(slot) ?? 100;
        this.nextOffset.set(slot, base + messages.filter((m) => m.partition === partition).length);
        answer.push({ topicName: topic, partition, errorCode: 0, baseOffset: String(base) });
      }
    }
    return Promise.resolve(answer);
  }
}
