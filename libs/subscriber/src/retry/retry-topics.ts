/** Spring Kafka's names, so teams who know its non-blocking retries find their way: `<topic>-retry-<delay ms>`. */
export function retryTopicName(topic: string, delayMs: number): string {
  return `${topic}-retry-${delayMs}`;
}

/** The dead-letter topic of `topic`: `<topic>-dlt`. */
export function deadLetterTopicName(topic: string): string {
  return `${topic}-dlt`;
}

/** The consumer group that reads a retry stage: its own, so each stage keeps its own position and pace. */
export function retryGroupName(group: string, delayMs: number): string {
  return `${group}-retry-${delayMs}`;
}

/** The group whose committed offsets on the dead-letter topics mark what was replayed or discarded. */
export function deadLetterCursorGroup(group: string): string {
  return `${group}-dlt`;
}
