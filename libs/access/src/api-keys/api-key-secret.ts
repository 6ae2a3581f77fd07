import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Keys read `ssk_<id>_<secret>`: the id finds the row, the secret is checked against its hash. */
const KEY_FORMAT = /^ssk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  readonly id: string;
  /** The whole key, shown once; only its secret's hash is stored. */
  readonly key: string;
  readonly secretHash: Buffer;
}

export function generateApiKey(): NewApiKey {
  const id = randomBytes(9)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0')
    .slice(0, 12);
  // 256 random bits: a SHA-256 hash without salt or stretching is enough, since nobody can guess such a secret.
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `ssk_${id}_${secret}`, secretHash: hashSecret(secret) };
}

export function parseApiKey(key: string): { id: string; secret: string } | null {
  const match = KEY_FORMAT.exec(key);
  return match ? { id: match[1]!, secret: match[2]! } : null;
}

export function looksLikeApiKey(credential: string): boolean {
  return credential.startsWith('ssk_');
}

export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** Compares in constant time, so the answer's timing says nothing about how much of a guess was right. */
export function secretMatches(secret: string, storedHash: Buffer): boolean {
  const hash = hashSecret(secret);
  return hash.length === storedHash.length && timingSafeEqual(hash, storedHash);
}
