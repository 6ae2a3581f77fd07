import { DEVELOPMENT_WEBHOOK_SECRET, PlatformConfig } from '@shopstream/config';
import { z } from 'zod';

const environmentSchema = z.object({
  SHOPSTREAM_BEHAVIOUR_LINGER_MS: z.coerce.number().int().min(0).max(1_000).default(5),
  SHOPSTREAM_PAYMENT_WEBHOOK_TOLERANCE_S: z.coerce.number().int().min(1).max(3_600).default(300),
});

/** The commerce API's own settings, beside the platform's. */
export interface CommerceApiConfig {
  readonly platform: PlatformConfig;
  readonly port: number;
  readonly paymentWebhook: {
    readonly secret: string;
    readonly isDevelopmentSecret: boolean;
    /** How far a signature's timestamp may be from now, either way. */
    readonly toleranceS: number;
  };
  /** How long the behaviour producer waits for more requests to share one produce call. */
  readonly behaviourLingerMs: number;
}

/** Thrown at start-up when a commerce API variable is invalid; names each variable. */
export class CommerceApiConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(problems: readonly string[]) {
    super(`Invalid commerce API configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CommerceApiConfigError';
  }
}

export function loadCommerceApiConfig(
  platform: PlatformConfig,
  env: NodeJS.ProcessEnv = process.env,
): CommerceApiConfig {
  const known = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key in environmentSchema.shape && value !== ''),
  );
  const parsed = environmentSchema.safeParse(known);
  if (!parsed.success)
    throw new CommerceApiConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  const secret = platform.orderFlow.webhookSecret;
  return {
    platform,
    port: platform.ports.commerceApi,
    paymentWebhook: {
      secret,
      isDevelopmentSecret: secret === DEVELOPMENT_WEBHOOK_SECRET,
      toleranceS: parsed.data.SHOPSTREAM_PAYMENT_WEBHOOK_TOLERANCE_S,
    },
    behaviourLingerMs: parsed.data.SHOPSTREAM_BEHAVIOUR_LINGER_MS,
  };
}
