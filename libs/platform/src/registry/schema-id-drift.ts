/** A schema version as the registry numbers it. */
export interface SchemaIdEntry {
  readonly subject: string;
  readonly version: number;
  readonly id: number;
}

/** The ids the platform recorded, by `subject@version`. */
export type RecordedSchemaIds = Readonly<Record<string, number>>;

export const schemaKey = (entry: Pick<SchemaIdEntry, 'subject' | 'version'>): string =>
  `${entry.subject}@${entry.version}`;

/**
 * The schema versions whose id is not the one recorded when events were first written with them, as
 * `subject@version: recorded -> now`. Events in the log carry the id, so a changed id means a consumer would look up
 * another schema (or none) for them: the registry lost its storage, or is another registry. Versions nobody recorded
 * yet are new, not changed.
 */
export function changedSchemaIds(recorded: RecordedSchemaIds, current: readonly SchemaIdEntry[]): string[] {
  return current
    .filter((entry) => {
      const before = recorded[schemaKey(entry)];
      return before !== undefined && before !== entry.id;
    })
    .map((entry) => `${schemaKey(entry)}: ${recorded[schemaKey(entry)]} -> ${entry.id}`);
}

/** The record to keep after a check: what was recorded, plus the versions seen for the first time. */
export function withNewSchemaIds(
  recorded: RecordedSchemaIds,
  current: readonly SchemaIdEntry[],
): Record<string, number> {
  const next: Record<string, number> = { ...recorded };
  for (const entry of current) next[schemaKey(entry)] ??= entry.id;
  return next;
}
