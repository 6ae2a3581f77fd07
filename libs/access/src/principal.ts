import { Scope } from './scopes';

/** Who is calling, once a credential checked out. */
export type Principal =
  | {
      readonly kind: 'api-key';
      readonly id: string;
      readonly name: string;
      readonly scopes: readonly Scope[];
    }
  | { readonly kind: 'customer'; readonly customerId: string };

/**
 * Whether the principal holds any of `anyOf`. A customer holds no scope: routes open to customers say so
 * themselves and check that the order is that customer's.
 */
export function holdsAny(principal: Principal, anyOf: readonly Scope[]): boolean {
  if (principal.kind !== 'api-key') return false;
  return principal.scopes.includes('admin') || principal.scopes.some((s) => anyOf.includes(s));
}

/** A stable id for rate limits and logs that never holds a secret. */
export function principalId(principal: Principal): string {
  return principal.kind === 'api-key' ? `key:${principal.id}` : `customer:${principal.customerId}`;
}
