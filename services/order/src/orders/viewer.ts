import type { Principal } from '@shop/building-blocks/auth';

/**
 * Whose orders a caller may see: an admin all (`undefined`), a customer only their own (their id). Another customer's
 * order is then the same 404 as an unknown one, as identity answers for another user's record.
 */
export function ownerScopeOf(principal: Principal | undefined): string | undefined {
  return principal?.role === 'admin' ? undefined : (principal?.subject ?? '');
}
