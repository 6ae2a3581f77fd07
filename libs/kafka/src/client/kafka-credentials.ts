/** A SASL/SCRAM identity: which principal a client connects as. */
export interface KafkaCredentials {
  readonly mechanism: 'scram-sha-512';
  readonly username: string;
  readonly password: string;
}

/*
 * The identity every client of this process uses unless its options name another. A process is one principal (an
 * app, the CLI, a test run), and its clients are made in dozens of places from a broker list alone; setting the
 * identity once at start-up, beside the logger, keeps those call sites free of secrets. Clients that act as another
 * principal (a test proving an ACL, one subscription among several) pass `credentials` explicitly.
 */
let processCredentials: KafkaCredentials | null = null;

/** Sets the principal this process's Kafka clients authenticate as; null connects without SASL. */
export function useKafkaCredentials(credentials: KafkaCredentials | null): void {
  processCredentials = credentials;
}

export function currentKafkaCredentials(): KafkaCredentials | null {
  return processCredentials;
}
