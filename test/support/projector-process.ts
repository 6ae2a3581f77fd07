import { startApp } from './app-process';

export { exited } from './app-process';

/** The built projector app as a separate process, so a test can SIGKILL it like a crash would. */
export const startProjector = (env: Record<string, string>) => startApp('projector', env);
