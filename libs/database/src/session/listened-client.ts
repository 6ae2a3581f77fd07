import { Client, ClientConfig } from 'pg';

/**
 * pg's client, with a listener for its 'error' from the moment it exists. The pool stops listening to a client's
 * errors when it hands the client over, and TypeORM starts only once the promise it wraps the hand-over in resolves:
 * when the server's "ready" and its "terminating connection" arrive in one read (a restart, or a terminated backend,
 * on a loaded host), the error comes in between, and an 'error' nobody hears ends the process. Nothing more is
 * needed here: pg fails the client's queries with the error and marks it unusable, so the next statement on it fails
 * as a lost session (retried, or answered 503), and the pool drops it when it comes back.
 */
export class ListenedClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}
