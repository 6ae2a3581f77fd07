import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The newest PostgreSQL server binaries installed the Debian way, or null when there are none. */
function serverBinaries(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

/** Whether this machine can run a PostgreSQL cluster of a test's own. */
export const privatePostgresAvailable = (): boolean => serverBinaries() !== null;

export interface PrivatePostgres {
  readonly url: string;
  /**
   * Stops the server in the given shutdown mode, keeps it down for `downMs`, and starts it again; resolves once it
   * accepts connections. Asynchronous, so the test's own clients keep sending meanwhile.
   */
  restart(mode: 'fast' | 'immediate', downMs: number): Promise<void>;
  stop(): void;
}

/**
 * A PostgreSQL cluster of a test's own (the newest installed version) (initdb + pg_ctl in a temp folder, trust auth, on `port`), so a test can
 * stop and start the server under a platform without touching the shared one other tests and sessions use. PostgreSQL
 * refuses to run as root: the cluster belongs to the `postgres` user, and root runs its tools through runuser.
 */
export function startPrivatePostgres(port: number): PrivatePostgres {
  const BIN = serverBinaries();
  if (BIN === null)
    throw new Error(
      'No PostgreSQL server binaries under /usr/lib/postgresql/<version>/bin: install postgresql.',
    );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopstream-pg-'));
  const data = path.join(dir, 'data');
  const commandLine = (command: string, args: string[]): [string, string[]] =>
    os.userInfo().uid === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  const asPostgres = (command: string, args: string[]) => {
    const [file, argv] = commandLine(command, args);
    execFileSync(file, argv, { stdio: 'pipe', timeout: 120_000 });
  };
  const asPostgresAsync = async (command: string, args: string[]) => {
    const [file, argv] = commandLine(command, args);
    await promisify(execFile)(file, argv, { timeout: 120_000 });
  };
  if (os.userInfo().uid === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    fs.chownSync(dir, uid, gid);
  }
  asPostgres(`${BIN}/initdb`, ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-k ${dir}`,
    '-c max_connections=200',
    '-c fsync=off',
  ].join(' ');
  const log = path.join(dir, 'postgres.log');
  asPostgres(`${BIN}/pg_ctl`, ['-D', data, '-l', log, '-o', options, '-w', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: async (mode, downMs) => {
      await asPostgresAsync(`${BIN}/pg_ctl`, ['-D', data, '-m', mode, '-w', 'stop']);
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await asPostgresAsync(`${BIN}/pg_ctl`, ['-D', data, '-l', log, '-o', options, '-w', 'start']);
    },
    stop: () => {
      try {
        asPostgres(`${BIN}/pg_ctl`, ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
