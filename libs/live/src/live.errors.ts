export class LiveConfigError extends Error {
  readonly code = 'LIVE_CONFIG_INVALID';
  constructor(issues: readonly string[]) {
    super(`invalid live gateway settings: ${issues.join('; ')}; fix the variable named and start again`);
    this.name = 'LiveConfigError';
  }
}

export class ReadModelUnavailableError extends Error {
  readonly code = 'READ_MODEL_UNAVAILABLE';
  constructor(projection: string) {
    super(
      `read model ${projection} has no active version yet: start the projector (shopstream up) and subscribe again`,
    );
    this.name = 'ReadModelUnavailableError';
  }
}
