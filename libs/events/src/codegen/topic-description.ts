/** What the docs say about a topic; `TopicSpec` from the topic catalog (infra/topics.json) fits it. */
export interface TopicDescription {
  readonly name: string;
  readonly description: string;
  /** What the record key is, e.g. `orderId`. */
  readonly key: string;
  readonly partitions: number;
  readonly replicationFactor: number;
}
