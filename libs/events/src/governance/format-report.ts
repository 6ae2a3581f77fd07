import { SchemaCheckReport } from './check-schemas';
import { describeSource } from './schema-source';

export interface FormattedReport {
  /** One line per finding, then the summary. */
  readonly lines: string[];
  /** What limits the check without failing it: skipped commits, a shallow clone. */
  readonly warnings: string[];
}

/** The text `shopstream schemas check` prints. */
export function formatSchemaCheckReport(report: SchemaCheckReport): FormattedReport {
  const warnings = [
    ...report.skippedCommits.map(
      (s) =>
        `warning: commit ${s.commit.slice(0, 7)} skipped, its schemas/ does not resolve: ${s.problems.join('; ')}`,
    ),
    ...(report.shallowClone
      ? [
          'warning: shallow clone, older commits were not checked; fetch full history with `git fetch --unshallow`',
        ]
      : []),
  ];
  const lines = report.findings.map(
    (f) => `subject ${f.subject}: ${f.violation.message} [against ${describeSource(f.source)}]`,
  );
  const by = report.comparedBySource;
  const summary =
    `${report.subjects} subjects, ${report.compared} earlier schemas compared ` +
    `(registry ${report.registryChecked ? by.registry : 'skipped'}, local ${by.local}, ` +
    `git ${by.git} from ${report.gitCommits} commits) in ${(report.durationMs / 1000).toFixed(1)}s`;
  const n = report.findings.length;
  lines.push(
    n
      ? `schemas check failed: ${n} incompatibilit${n === 1 ? 'y' : 'ies'}; ${summary}. Give the new field a ` +
          'default, keep the old field, or publish the breaking shape as a new event (new name, new subject).'
      : `schemas check passed: ${summary}`,
  );
  return { lines, warnings };
}
