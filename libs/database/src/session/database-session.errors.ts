/** The session's connection to PostgreSQL is down; it reconnects by itself (callers answer 503 meanwhile). */
export class DatabaseSessionLostError extends Error {
  readonly code = 'DATABASE_SESSION_LOST';
  constructor(name: string, cause?: unknown) {
    super(
      `The ${name} connection to PostgreSQL is down${
        cause instanceof Error ? ` (${cause.message})` : ''
      }; it reconnects by itself. If it stays down, check that PostgreSQL runs (\`npx shopstream status\`).`,
      { cause },
    );
    this.name = 'DatabaseSessionLostError';
  }
}
