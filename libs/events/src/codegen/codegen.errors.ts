/** The schemas cannot be turned into one consistent set of TypeScript types and docs; each problem says what to change. */
export class EventCodegenError extends Error {
  readonly code = 'EVENT_CODEGEN_FAILED';
  constructor(readonly problems: readonly string[]) {
    super(
      `cannot generate event types from schemas/ (${problems.length} problem(s)):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'EventCodegenError';
  }
}
