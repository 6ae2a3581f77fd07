import { DEVELOPMENT_WEBHOOK_SECRET, PlatformConfig } from '@shopstream/config';
import { InsecureProductionConfigError } from '../access.errors';

/**
 * In production mode the development secrets must all be replaced: the webhook secret anyone can read in this
 * repository, the customer tokens' key set `up` generates, the local admin key. Throws naming each variable.
 */
export function assertProductionReady(config: PlatformConfig, options: { checksWebhook: boolean }): void {
  if (!config.security.production) return;
  const problems: string[] = [];
  if (options.checksWebhook && config.orderFlow.webhookSecret === DEVELOPMENT_WEBHOOK_SECRET)
    problems.push(
      'SHOPSTREAM_PAYMENT_WEBHOOK_SECRET is the public development secret: set the one shared with the payment provider',
    );
  const { jwksUrl, jwksFile } = config.security.jwt;
  if (!jwksUrl && !jwksFile)
    problems.push(
      'SHOPSTREAM_JWT_JWKS_URL (or SHOPSTREAM_JWT_JWKS_FILE) is not set: customer tokens would be checked with the ' +
        "locally generated development key; point it at your identity provider's key set",
    );
  else if (jwksFile && jwksFile.startsWith(`${config.home}/secrets/`))
    problems.push(
      "SHOPSTREAM_JWT_JWKS_FILE points at the locally generated development key set: use your identity provider's",
    );
  if (problems.length > 0) throw new InsecureProductionConfigError(problems);
}
