import { z } from 'zod';

const environment = z.object({
  LOYALTY_PORT: z.coerce.number().int().min(1).max(65535).default(3002),
  // No default: the app connects as its own role, never as a superuser it was not given.
  LOYALTY_DATABASE_URL: z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? "required: the URL of the app's own PostgreSQL role, e.g. postgres://shopstream_loyalty@127.0.0.1:5432/shopstream (`shopstream up` sets it)"
          : 'a postgres:// connection URL',
    })
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// connection URL'),
  LOYALTY_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case PostgreSQL identifier')
    .default('loyalty'),
  LOYALTY_GROUP: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{1,200}$/, 'a consumer group id')
    .default('loyalty'),
  LOYALTY_ORDERS_TOPIC: z.string().min(1).default('shopstream.orders'),
});

export type LoyaltyConfig = z.infer<typeof environment>;

/** The app's settings, each from its LOYALTY_* variable; a bad value stops it with the variable's name. */
export function loadLoyaltyConfig(env: NodeJS.ProcessEnv = process.env): LoyaltyConfig {
  const parsed = environment.safeParse(env);
  if (!parsed.success)
    throw new Error(
      `loyalty: invalid configuration:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  return parsed.data;
}
