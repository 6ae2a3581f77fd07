/** The files under schemas/ break a convention the platform relies on; each problem names its file. */
export class SchemaFileError extends Error {
  readonly code = 'SCHEMA_FILE_INVALID';
  constructor(readonly problems: readonly string[]) {
    super(`schemas/ has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SchemaFileError';
  }
}
