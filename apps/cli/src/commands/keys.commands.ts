import { Command, InvalidArgumentError } from 'commander';
import { KeyAdministration, parseScopes, signLocalCustomerToken } from '@shopstream/access';
import { loadConfig, PlatformConfig } from '@shopstream/config';
import { Pool } from 'pg';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function withKeys<T>(
  config: PlatformConfig,
  work: (keys: KeyAdministration) => Promise<T>,
): Promise<T> {
  const pool = new Pool({
    connectionString: config.database.url,
    max: 1,
    application_name: 'shopstream keys',
  });
  try {
    return await work(
      new KeyAdministration({
        query: async <R>(text: string, params?: readonly unknown[]) =>
          (await pool.query(text, params ? [...params] : undefined)).rows as R[],
      }),
    );
  } finally {
    await pool.end();
  }
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 30 * 86_400)
    throw new InvalidArgumentError('1 to 2592000 seconds');
  return n;
}

/** `keys create|list|revoke` and `tokens issue`: the operator's side of the HTTP credentials. */
export function registerKeysCommands(program: Command): void {
  const keys = program.command('keys').description('API keys for the HTTP and live APIs (stored hashed)');
  keys
    .command('create')
    .description('create a key; it is printed once and cannot be shown again')
    .requiredOption('--name <name>', 'who the key is for')
    .requiredOption(
      '--scopes <list>',
      'storefront, warehouse, payments, merchant, analyst, admin (comma-separated)',
    )
    .action(async (options: { name: string; scopes: string }) => {
      const scopes = parseScopes(options.scopes);
      const created = await withKeys(loadConfig(), (k) => k.create(options.name, scopes));
      say(`created key ${created.id} (${options.name}; scopes ${scopes.join(', ')})`);
      say(`key: ${created.key}`);
      say('Store it now: only its hash is kept.');
    });
  keys
    .command('list')
    .description('every key with its scopes and state; never a secret')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const rows = await withKeys(loadConfig(), (k) => k.list());
      const shown = rows.map((r) => ({
        id: r.id,
        name: r.name,
        scopes: r.scopes.join(','),
        created: r.createdAt.toISOString(),
        state: r.revokedAt ? `revoked ${r.revokedAt.toISOString()}` : 'active',
      }));
      if (options.json) say(JSON.stringify(shown, null, 2));
      else if (shown.length === 0) say('no keys; `shopstream up` makes the local admin key');
      else console.table(shown);
    });
  keys
    .command('revoke <id>')
    .description('revoke a key; the APIs refuse it within SHOPSTREAM_API_KEY_CACHE_S (5 s)')
    .action(async (id: string) => {
      await withKeys(loadConfig(), (k) => k.revoke(id));
      say(`revoked key ${id}`);
    });

  program
    .command('tokens')
    .description('customer tokens for local development')
    .command('issue')
    .description('sign a customer token with the local development key `up` generated')
    .requiredOption('--customer <id>', 'the customer id (the token subject)')
    .option('--ttl <seconds>', 'lifetime', seconds, 3_600)
    .action(async (options: { customer: string; ttl: number }) => {
      const config = loadConfig();
      if (config.security.jwt.jwksUrl || config.security.jwt.jwksFile)
        throw new Error(
          'Customer tokens are verified with your own key set (SHOPSTREAM_JWT_JWKS_URL/FILE): issue them with your identity provider.',
        );
      say(
        await signLocalCustomerToken(config.home, {
          customerId: options.customer,
          issuer: config.security.jwt.issuer,
          audience: config.security.jwt.audience,
          ttlS: options.ttl,
        }),
      );
    });
}
