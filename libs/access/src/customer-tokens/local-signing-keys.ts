import { exportJWK, generateKeyPair, importJWK, JWK, SignJWT } from 'jose';
import { localSecretPaths, readSecretFile, writeSecretFile } from '../local-secrets/local-secrets';

const ALGORITHM = 'ES256';

/**
 * Makes the local signing key pair once: the private JWK and the public JWKS the apps verify with. Returns false
 * when they already existed.
 */
export async function ensureLocalSigningKeys(home: string): Promise<boolean> {
  const paths = localSecretPaths(home);
  if (readSecretFile(paths.signingKey) && readSecretFile(paths.jwks)) return false;
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const kid = `local-${Date.now().toString(36)}`;
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: ALGORITHM, use: 'sig' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALGORITHM, use: 'sig' };
  writeSecretFile(paths.signingKey, JSON.stringify(privateJwk));
  writeSecretFile(paths.jwks, JSON.stringify({ keys: [publicJwk] }));
  return true;
}

/** Signs a development customer token with the local key (`shopstream tokens issue`, tests). */
export async function signLocalCustomerToken(
  home: string,
  claims: { customerId: string; issuer: string; audience: string; ttlS: number },
): Promise<string> {
  const text = readSecretFile(localSecretPaths(home).signingKey);
  if (!text)
    throw new Error(
      `No local signing key under ${localSecretPaths(home).dir}: run \`shopstream up\`, which generates it.`,
    );
  const jwk = JSON.parse(text) as JWK;
  const key = await importJWK(jwk, ALGORITHM);
  return new SignJWT({})
    .setProtectedHeader({ alg: ALGORITHM, ...(jwk.kid ? { kid: jwk.kid } : {}) })
    .setSubject(claims.customerId)
    .setIssuer(claims.issuer)
    .setAudience(claims.audience)
    .setIssuedAt()
    .setExpirationTime(`${claims.ttlS}s`)
    .sign(key);
}
