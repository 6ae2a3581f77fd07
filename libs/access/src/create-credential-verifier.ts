import { SecurityConfig } from '@shopstream/config';
import { SqlExecutor } from '@shopstream/database';
import { ApiKeyVerifier } from './api-keys/api-key-verifier';
import { ApiKeysStore } from './api-keys/api-keys.store';
import { CredentialVerifier } from './credential-verifier';
import { CustomerTokenVerifier } from './customer-tokens/customer-token-verifier';

/** The verifier an app checks credentials with, from the platform's security settings. */
export function createCredentialVerifier(
  security: SecurityConfig,
  home: string,
  sql: SqlExecutor,
): CredentialVerifier {
  return new CredentialVerifier(
    new ApiKeyVerifier(new ApiKeysStore(sql), security.apiKeyCacheMs),
    CustomerTokenVerifier.create(security.jwt, home),
  );
}
