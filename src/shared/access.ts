/**
 * Who is calling, and the checks every service method starts with. A caller without access to a thing
 * is told it does not exist (NOT_FOUND), so that probing cannot discover what exists.
 */
import { AppError } from '../errors.ts';

export const ROLES = [
  'holder',
  'verifier',
  'venue_manager',
  'authority_operator',
  'authority_approver',
  'authority_admin',
] as const;
export type Role = (typeof ROLES)[number];
export const AUTHORITY_ROLES: readonly Role[] = ['authority_operator', 'authority_approver', 'authority_admin'];

export interface Actor {
  accountId: string;
  /** The person this account is (holders); null for staff accounts. */
  personId: string | null;
  roles: Role[];
  /** Verifiers: the organisation they check for. */
  organisationId?: string | null;
}

export function requireSignedIn(actor: Actor | null): Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  return actor;
}

/** Signed in with at least one of `roles`; otherwise the resource "does not exist". */
export function requireRole(actor: Actor | null, roles: readonly Role[]): Actor {
  const signedIn = requireSignedIn(actor);
  if (!signedIn.roles.some((role) => roles.includes(role))) throw new AppError('NOT_FOUND');
  return signedIn;
}
