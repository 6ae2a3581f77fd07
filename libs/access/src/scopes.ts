/**
 * The roles of a shop, as scopes an API key carries. `admin` holds every other. A customer token carries none of
 * these: it may act only on its own customer's orders (see `Principal`).
 */
export const SCOPES = ['storefront', 'warehouse', 'payments', 'merchant', 'analyst', 'admin'] as const;

export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}
