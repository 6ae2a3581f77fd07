/**
 * BACKWARD: the next schema reads events written with the previous one (new readers, old events).
 * FORWARD: the previous schema reads events written with the next one (downstream teams' old readers, new events).
 */
export type CompatibilityRule = 'BACKWARD' | 'FORWARD';

export interface CompatibilityViolation {
  readonly rule: CompatibilityRule;
  /** Field path from the event record: `currency`, `lines[].quantity`, `attributes{}.value`. */
  readonly path: string;
  readonly message: string;
}

export const RULE_CONSEQUENCE: Readonly<Record<CompatibilityRule, string>> = {
  BACKWARD: "BACKWARD: new readers can't read old events",
  FORWARD: "FORWARD: consumers on the previous schema can't read new events",
};

export const violation = (rule: CompatibilityRule, path: string, what: string): CompatibilityViolation => ({
  rule,
  path,
  message: `${path ? `field '${path}'` : 'the event record'} ${what} (${RULE_CONSEQUENCE[rule]})`,
});
