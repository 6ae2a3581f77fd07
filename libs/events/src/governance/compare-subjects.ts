import { AvroSchema } from '../schemas/avro-schema';
import { canonicalSchema } from './canonical-schema';
import { CompatibilityViolation } from './compatibility-violation';
import { checkCompatibility } from './schema-compatibility';
import { EarlierSchema, SchemaSource } from './schema-source';

/** The working tree's latest schema of a subject and the file it comes from. */
export interface LatestSchema {
  readonly subject: string;
  readonly file: string;
  readonly schema: AvroSchema;
}

export interface SchemaCheckFinding {
  readonly subject: string;
  /** The working-tree file of the subject's latest version. */
  readonly file: string;
  readonly source: SchemaSource;
  readonly violation: CompatibilityViolation;
}

export interface SubjectComparison {
  readonly findings: SchemaCheckFinding[];
  /** Distinct (subject, earlier schema) pairs compared, by where the earlier schema was found. */
  readonly compared: Record<SchemaSource['kind'], number>;
}

/**
 * Compares each subject's latest schema with every distinct earlier one. The same schema often sits in the
 * registry, in another local file and in many commits; it is compared once, attributed to the first source in
 * `earlier` (put the registry first: that is what producers and consumers use today).
 */
export function compareWithEarlier(
  latest: ReadonlyMap<string, LatestSchema>,
  earlier: readonly EarlierSchema[],
): SubjectComparison {
  const seen = new Set<string>();
  for (const l of latest.values()) seen.add(`${l.subject}\n${canonicalSchema(l.schema)}`);
  const findings: SchemaCheckFinding[] = [];
  const compared = { registry: 0, local: 0, git: 0 };
  for (const e of earlier) {
    const current = latest.get(e.subject);
    const key = `${e.subject}\n${canonicalSchema(e.schema)}`;
    if (!current || seen.has(key)) continue;
    seen.add(key);
    compared[e.source.kind] += 1;
    for (const violation of checkCompatibility(e.schema, current.schema))
      findings.push({ subject: e.subject, file: current.file, source: e.source, violation });
  }
  return { findings, compared };
}
