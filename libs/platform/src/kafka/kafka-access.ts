import { KafkaPrincipal } from '@shopstream/config';
import { AccessRule } from '@shopstream/kafka';
import { PlatformError } from '../platform.errors';

/** Topics the platform's own events go to, as infra/topics.json declares them. */
export interface PlatformTopics {
  readonly orders: string;
  readonly payments: string;
  readonly shipments: string;
  readonly inventory: string;
  readonly behaviour: string;
}

const TOPIC_ROLES = ['orders', 'payments', 'shipments', 'inventory', 'behaviour'] as const;

/** The event topics of the catalog (`shopstream.<role>`), each of which the rules below need. */
export function platformTopics(catalog: readonly { readonly name: string }[]): PlatformTopics {
  const names = new Set(catalog.map((t) => t.name));
  const missing = TOPIC_ROLES.map((role) => `shopstream.${role}`).filter((name) => !names.has(name));
  if (missing.length > 0) {
    throw new PlatformError(
      'TOPIC_CATALOG_INCOMPLETE',
      `infra/topics.json lacks ${missing.join(', ')}, which the Kafka ACLs are written for.`,
      'Restore the topic in infra/topics.json, or change libs/platform/src/kafka/kafka-access.ts with it.',
    );
  }
  return Object.fromEntries(
    TOPIC_ROLES.map((role) => [role, `shopstream.${role}`]),
  ) as unknown as PlatformTopics;
}

/** Principals whose ACLs `up` owns: each gets exactly its rules, nothing more. */
export const RULED_PRINCIPALS: readonly KafkaPrincipal[] = [
  'commerce-api',
  'processor',
  'projector',
  'live-gateway',
  'loyalty',
];

const topic = (principal: string, name: string, ...operations: AccessRule['operations']): AccessRule => ({
  principal,
  resource: 'topic',
  name,
  match: 'literal',
  operations,
});

const groups = (principal: string, prefix: string, ...operations: AccessRule['operations']): AccessRule => ({
  principal,
  resource: 'group',
  name: prefix,
  match: 'prefixed',
  operations,
});

/**
 * Least privilege per principal. Write on a topic implies IdempotentWrite on the cluster (Kafka 3.0 and later), so
 * the idempotent producers need no cluster rule; Read implies Describe, which listing offsets needs.
 */
export function accessRules(t: PlatformTopics): AccessRule[] {
  // The outbox relay runs in both the API and the processor (one leader at a time), so both write every topic the
  // outbox holds events for.
  const outboxTopics = [t.orders, t.payments, t.shipments, t.inventory];
  const eventTopics = [...outboxTopics, t.behaviour];
  return [
    ...outboxTopics.map((name) => topic('commerce-api', name, 'write')),
    topic('commerce-api', t.behaviour, 'write'),

    ...outboxTopics.map((name) => topic('processor', name, 'write')),
    ...[t.orders, t.payments, t.shipments].map((name) => topic('processor', name, 'read')),
    // The relay's takeover check (in the API and the processor) reads the tail of each outbox topic in a throw-away
    // group of its own, to find events a previous leader published but never recorded.
    ...outboxTopics.map((name) => topic('commerce-api', name, 'read')),
    groups('commerce-api', 'shopstream-partition-reader-', 'read', 'delete'),
    topic('processor', t.inventory, 'read'),
    groups('processor', 'shopstream-partition-reader-', 'read', 'delete'),
    // Ledger retention reads every projection topic's offsets by time, which needs Describe only.
    topic('processor', t.behaviour, 'describe'),
    {
      principal: 'processor',
      resource: 'group',
      name: 'shopstream-processor-',
      match: 'prefixed',
      operations: ['read'],
    },

    // The projector reads; its groups are one per set of read models (`shopstream-projector-<hash>`) or per
    // read model and version (`shopstream-projection-<name>-v<n>`).
    ...eventTopics.map((name) => topic('projector', name, 'read')),
    groups('projector', 'shopstream-projector-', 'read'),
    groups('projector', 'shopstream-projection-', 'read'),

    // Each gateway reads in a throw-away group of its own and deletes it when it stops.
    ...[t.orders, t.inventory].map((name) => topic('live-gateway', name, 'read')),
    groups('live-gateway', 'shopstream-partition-reader-', 'read', 'delete'),

    // A downstream subscriber: its source topic and the retry and dead-letter topics it creates beside it
    // (`<topic>-retry-<delay>`, `<topic>-dlt`), and groups under its own name.
    ...subscriberRules('loyalty', 'loyalty', [t.orders]),
  ];
}

/** What a subscriber needs: read its topics, create and use their retry and dead-letter topics, its groups. */
export function subscriberRules(
  principal: string,
  groupPrefix: string,
  sources: readonly string[],
): AccessRule[] {
  return [
    ...sources.map((source) => ({
      principal,
      resource: 'topic' as const,
      name: source,
      match: 'literal' as const,
      operations: ['read', 'describe-configs'] as const,
    })),
    ...sources.map((source) => ({
      principal,
      resource: 'topic' as const,
      name: `${source}-`,
      match: 'prefixed' as const,
      operations: ['read', 'write', 'create', 'alter', 'describe-configs'] as const,
    })),
    groups(principal, groupPrefix, 'read'),
  ];
}
