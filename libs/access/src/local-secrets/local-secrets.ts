import * as fs from 'node:fs';
import * as path from 'node:path';

/** Local development secrets `up` generates, one file each, readable by the owner only. */
export function localSecretPaths(home: string) {
  const dir = path.join(home, 'secrets');
  return {
    dir,
    adminKey: path.join(dir, 'admin.key'),
    signingKey: path.join(dir, 'jwt-signing.jwk.json'),
    jwks: path.join(dir, 'jwks.json'),
  };
}

export function writeSecretFile(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, content, { mode: 0o600 });
  // writeFileSync's mode applies only to a new file.
  fs.chmodSync(file, 0o600);
}

export function readSecretFile(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8').trim() || null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * The API key local clients send: SHOPSTREAM_API_KEY when set, else the local admin key `up` wrote; null when
 * neither exists (the platform was never brought up in this home).
 */
export function clientApiKey(security: { apiKey: string | null }, home: string): string | null {
  return security.apiKey ?? readSecretFile(localSecretPaths(home).adminKey);
}
