/** A configuration value that cannot be used; the message names the variable and the accepted form. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        'Fix the environment variable(s) above (see README "Configuration") and start again.',
    );
    this.name = 'ConfigError';
  }
}
