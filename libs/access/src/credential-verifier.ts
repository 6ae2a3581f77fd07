import { ApiKeyVerifier } from './api-keys/api-key-verifier';
import { looksLikeApiKey } from './api-keys/api-key-secret';
import { CustomerTokenVerifier } from './customer-tokens/customer-token-verifier';
import { Principal } from './principal';

/** The credential of a request: `Authorization: Bearer <key or token>`, else an `access_token` query value. */
export function credentialFrom(
  authorization: string | undefined,
  accessToken?: string | null,
): string | null {
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1]! : null;
  }
  return accessToken && accessToken.length > 0 ? accessToken : null;
}

/** API keys and customer tokens behind one call: who a credential is, or null when it is not valid. */
export class CredentialVerifier {
  constructor(
    private readonly keys: ApiKeyVerifier,
    private readonly tokens: CustomerTokenVerifier | null,
  ) {}

  async verify(credential: string): Promise<Principal | null> {
    if (credential.length > 4_096) return null;
    if (looksLikeApiKey(credential)) return this.keys.verify(credential);
    return this.tokens ? this.tokens.verify(credential) : null;
  }
}
