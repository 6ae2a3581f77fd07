import { Scope } from '@shopstream/access';

/** The OpenAPI security schemes both APIs declare: an API key or a customer token, both as a bearer credential. */
export const SECURITY_SCHEMES = {
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'ssk_<id>_<secret>',
    description:
      'An API key (`shopstream keys create --name N --scopes a,b`). Scopes: storefront, warehouse, payments, ' +
      'merchant, analyst, admin (admin holds all). 401 without a valid one, 403 when it lacks the scope named in ' +
      'the answer, 429 with Retry-After past its rate limit.',
  },
  customerToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      "A customer's signed token (sub = customer id); it reads and cancels only that customer's orders.",
  },
} as const;

/** Who may call one operation, as the document states it. */
export type OperationAccess =
  | { readonly scopes: readonly Scope[]; readonly customer?: boolean }
  | 'open'
  | 'signed'
  | { readonly stock: readonly Scope[]; readonly publicStock: boolean };

const refused = {
  401: { description: 'AUTHENTICATION_REQUIRED: no credential, or one that is unknown, revoked or expired.' },
  403: {
    description:
      "SCOPE_MISSING (`scopesNeeded` names the scopes that admit), or NOT_YOUR_ORDER for another customer's order.",
  },
  429: {
    description: 'RATE_LIMITED: too many requests for this credential; retry after Retry-After seconds.',
    headers: { 'Retry-After': { schema: { type: 'integer' } } },
  },
};

function securityOf(
  access: OperationAccess,
): { security: Record<string, string[]>[]; scopes: string } | null {
  if (access === 'open' || access === 'signed') return null;
  if ('stock' in access) {
    if (access.publicStock) return null;
    return { security: [{ apiKey: [...access.stock, 'admin'] }], scopes: access.stock.join(', ') };
  }
  return {
    security: [{ apiKey: [...access.scopes, 'admin'] }, ...(access.customer ? [{ customerToken: [] }] : [])],
    scopes: `${access.scopes.join(', ')}${access.customer ? ", or the order's customer's token" : ''}`,
  };
}

/**
 * Puts each operation's security requirement, and its 401/403/429 answers, into an OpenAPI document; `table`
 * maps "METHOD /path" to who may call it. An operation the table misses is an error, so none goes undocumented.
 */
export function withSecurity(
  document: Record<string, unknown>,
  table: Readonly<Record<string, OperationAccess>>,
): Record<string, unknown> {
  const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
  for (const [route, operations] of Object.entries(paths))
    for (const [method, operation] of Object.entries(operations)) {
      const access = table[`${method.toUpperCase()} ${route}`];
      if (access === undefined)
        throw new Error(`no access rule documented for ${method.toUpperCase()} ${route}`);
      const security = securityOf(access);
      operation.security = security?.security ?? [];
      if (security) {
        operation.description =
          `${String(operation.description ?? '')}\n\nScopes: ${security.scopes} (or admin).`.trim();
        operation.responses = { ...refused, ...(operation.responses as object) };
      }
    }
  const components = (document.components ?? {}) as Record<string, unknown>;
  return { ...document, components: { ...components, securitySchemes: SECURITY_SCHEMES } };
}
