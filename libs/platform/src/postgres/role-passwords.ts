import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { readRolePassword, rolePasswordFile } from '@shopstream/config';

const ITERATIONS = 4096;

/**
 * The role's generated password, made on first use into `$SHOPSTREAM_HOME/secrets/` (mode 0600) and read from there
 * afterwards, so every `up` gives the apps the same one.
 */
export function ensureRolePasswordFile(home: string, role: string): string {
  const existing = readRolePassword(home, role);
  if (existing) return existing;
  const file = rolePasswordFile(home, role);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const password = randomBytes(24).toString('base64url');
  // 'wx': two `up`s racing keep the first one's password rather than each overwriting the other's.
  try {
    fs.writeFileSync(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readRolePassword(home, role) ?? password;
  }
  return password;
}

/**
 * PostgreSQL's SCRAM-SHA-256 verifier of `password` (RFC 5802/7677): ALTER ROLE is sent the verifier, never the
 * password, so a server that logs statements cannot log the password.
 */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = ITERATIONS): string {
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const storedKey = createHash('sha256')
    .update(createHmac('sha256', salted).update('Client Key').digest())
    .digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** Whether a stored verifier is that of `password`: an unchanged password is not set again (new salt, new row). */
export function verifierMatches(stored: string | null, password: string): boolean {
  const match = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(stored ?? '');
  if (!match) return false;
  const expected = Buffer.from(scramVerifier(password, Buffer.from(match[2]!, 'base64'), Number(match[1])));
  const actual = Buffer.from(stored!);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * Sets each role's password to the one in its secrets file, unless it already is. Needs the admin connection
 * (pg_authid is readable by superusers only). Returns the roles whose password it set.
 */
export async function applyRolePasswords(
  adminUrl: string,
  home: string,
  roles: readonly string[],
): Promise<string[]> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  const changed: string[] = [];
  try {
    for (const role of roles) {
      const password = ensureRolePasswordFile(home, role);
      const { rows } = await client.query<{ stored: string | null }>(
        'select rolpassword as stored from pg_authid where rolname = $1',
        [role],
      );
      if (rows.length === 0 || verifierMatches(rows[0]!.stored, password)) continue;
      const verifier = scramVerifier(password).replace(/'/g, "''");
      await client.query(`alter role "${role.replace(/"/g, '""')}" password '${verifier}'`);
      changed.push(role);
    }
  } finally {
    await client.end();
  }
  return changed;
}
