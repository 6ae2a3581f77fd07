import * as fs from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, JSONWebKeySet, jwtVerify } from 'jose';
import { localSecretPaths } from '../local-secrets/local-secrets';
import { Principal } from '../principal';

export interface CustomerTokenSettings {
  readonly jwksUrl: string | null;
  readonly jwksFile: string | null;
  readonly issuer: string;
  readonly audience: string;
}

// Ids as the commerce API accepts them for customers.
const CUSTOMER_ID = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/;

type KeySet = Parameters<typeof jwtVerify>[1];

/**
 * Verifies a customer's JWT against the configured key set (a JWKS URL, fetched and cached by jose; or a file,
 * by default the one `up` generated), with its issuer and audience; the subject is the customer id.
 */
export class CustomerTokenVerifier {
  private constructor(
    private readonly keys: KeySet,
    private readonly settings: CustomerTokenSettings,
  ) {}

  /** Null when no key set is configured or present: then every token is refused. */
  static create(settings: CustomerTokenSettings, home: string): CustomerTokenVerifier | null {
    if (settings.jwksUrl)
      return new CustomerTokenVerifier(createRemoteJWKSet(new URL(settings.jwksUrl)), settings);
    const file = settings.jwksFile ?? localSecretPaths(home).jwks;
    if (!fs.existsSync(file)) return null;
    const jwks = JSON.parse(fs.readFileSync(file, 'utf8')) as JSONWebKeySet;
    return new CustomerTokenVerifier(createLocalJWKSet(jwks), settings);
  }

  /** The customer, or null when the token is not one this platform accepts (bad signature, expired, wrong audience). */
  async verify(token: string): Promise<Principal | null> {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: ['ES256', 'RS256', 'EdDSA'],
        requiredClaims: ['sub', 'exp'],
      });
      return payload.sub && CUSTOMER_ID.test(payload.sub)
        ? { kind: 'customer', customerId: payload.sub }
        : null;
    } catch (error) {
      if (error instanceof errors.JOSEError) return null;
      throw error;
    }
  }
}
