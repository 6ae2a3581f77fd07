/** The registry answered, but not as the Confluent-compatible API should. */
export class RegistryResponseError extends Error {
  readonly code = 'REGISTRY_BAD_RESPONSE';
  constructor(request: string, detail: string) {
    super(
      `schema registry: ${request} answered ${detail}; check \`npx shopstream status\` and the registry log`,
    );
    this.name = 'RegistryResponseError';
  }
}

/** git failed where the history of schemas/ was needed. */
export class GitHistoryError extends Error {
  readonly code = 'GIT_HISTORY_UNAVAILABLE';
  constructor(command: string, detail: string) {
    super(
      `\`git ${command}\` failed: ${detail}. Run the check inside a git clone of the repository with full ` +
        'history (in CI: `git clone` or `actions/checkout` with `fetch-depth: 0`).',
    );
    this.name = 'GitHistoryError';
  }
}
