import { SchemaCheckReport } from './check-schemas';
import { formatSchemaCheckReport } from './format-report';

const report = (overrides: Partial<SchemaCheckReport>): SchemaCheckReport => ({
  subjects: 31,
  compared: 4,
  comparedBySource: { registry: 2, local: 1, git: 1 },
  findings: [],
  gitCommits: 7,
  skippedCommits: [],
  shallowClone: false,
  registryChecked: true,
  durationMs: 1234,
  ...overrides,
});

describe('formatSchemaCheckReport', () => {
  it('prints a one-line summary when everything is compatible', () => {
    expect(formatSchemaCheckReport(report({}))).toEqual({
      lines: [
        'schemas check passed: 31 subjects, 4 earlier schemas compared (registry 2, local 1, git 1 from 7 commits) in 1.2s',
      ],
      warnings: [],
    });
  });

  it('prints each violation with the subject and what it was compared against', () => {
    const { lines, warnings } = formatSchemaCheckReport(
      report({
        registryChecked: false,
        shallowClone: true,
        skippedCommits: [{ commit: 'abcdef0123456789', problems: ['schemas/loose.avsc: name it ...'] }],
        findings: [
          {
            subject: 's-a',
            file: 'schemas/a/a.v2.avsc',
            source: { kind: 'git', commit: '0123456789abcdef', file: 'schemas/a/a.v1.avsc' },
            violation: {
              rule: 'FORWARD',
              path: 'x',
              message: "field 'x' removed without a default (FORWARD: ...)",
            },
          },
          {
            subject: 's-a',
            file: 'schemas/a/a.v2.avsc',
            source: { kind: 'registry', version: 3 },
            violation: {
              rule: 'BACKWARD',
              path: 'y',
              message: "field 'y' added without a default (BACKWARD: ...)",
            },
          },
          {
            subject: 's-a',
            file: 'schemas/a/a.v2.avsc',
            source: { kind: 'local', file: 'schemas/a/a.v1.avsc' },
            violation: {
              rule: 'BACKWARD',
              path: 'y',
              message: "field 'y' added without a default (BACKWARD: ...)",
            },
          },
        ],
      }),
    );
    expect(lines).toEqual([
      "subject s-a: field 'x' removed without a default (FORWARD: ...) [against git 0123456 schemas/a/a.v1.avsc]",
      "subject s-a: field 'y' added without a default (BACKWARD: ...) [against registry version 3]",
      "subject s-a: field 'y' added without a default (BACKWARD: ...) [against local schemas/a/a.v1.avsc]",
      expect.stringMatching(
        /^schemas check failed: 3 incompatibilities; 31 subjects, 4 earlier schemas compared \(registry skipped, local 1, git 1 from 7 commits\)/,
      ),
    ]);
    expect(warnings).toEqual([
      'warning: commit abcdef0 skipped, its schemas/ does not resolve: schemas/loose.avsc: name it ...',
      'warning: shallow clone, older commits were not checked; fetch full history with `git fetch --unshallow`',
    ]);
  });
});
