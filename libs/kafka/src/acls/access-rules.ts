/** What a principal may do on a resource, in our own terms so nothing outside libs/kafka sees kafkajs's enums. */
export type AccessOperation =
  | 'read'
  | 'write'
  | 'create'
  | 'delete'
  | 'alter'
  | 'describe'
  | 'describe-configs'
  | 'alter-configs'
  | 'idempotent-write';

export type AccessResource = 'topic' | 'group' | 'cluster' | 'transactional-id';

/** One allow rule: the broker denies whatever no rule allows (allow.everyone.if.no.acl.found=false). */
export interface AccessRule {
  /** The user name, without Kafka's `User:` prefix. */
  readonly principal: string;
  readonly resource: AccessResource;
  /** A name, or the start of names when `match` is `prefixed`; the cluster's resource is named `kafka-cluster`. */
  readonly name: string;
  readonly match: 'literal' | 'prefixed';
  readonly operations: readonly AccessOperation[];
}

/** One rule per operation, so a granted set and a wanted set compare as sets of strings. */
export function ruleKey(rule: AccessRule, operation: AccessOperation): string {
  return `${rule.principal} ${rule.resource}:${rule.match}:${rule.name} ${operation}`;
}
