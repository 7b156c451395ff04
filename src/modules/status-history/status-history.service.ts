/**
 * What decided a person's colour over time (SPEC §4: which rule-set version decided any past status): every
 * change of colour, rule set or reasons, as it was decided then. The holder reads their own and their
 * dependents' (why am I still not green?); the authority reads anyone's, masked, beside the colour now.
 */
import type { Executor } from '../../db/database.ts';
import { AUTHORITY_ROLES, requireRole, type Actor } from '../../shared/access.ts';
import type { GuardiansService } from '../guardians/guardians.service.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import type { StatusService } from '../status/status.service.ts';

export type StatusHistoryService = ReturnType<typeof createStatusHistoryService>;

export function createStatusHistoryService({ guardians, identity, status }: { guardians: GuardiansService; identity: IdentityService; status: StatusService }) {
  return {
    async forHolder(db: Executor, actor: Actor | null, personId: string, page: { before?: string; limit: number }) {
      await guardians.requireActingFor(db, actor, personId);
      return status.history(db, personId, page);
    },

    /** A person's colour now and its reasons, with their masked identity. */
    async currentForAuthority(db: Executor, actor: Actor | null, personId: string) {
      requireRole(actor, AUTHORITY_ROLES);
      const person = await identity.getMaskedPerson(db, personId);
      return { person, status: await status.current(db, personId) };
    },

    async forAuthority(db: Executor, actor: Actor | null, personId: string, page: { before?: string; limit: number }) {
      requireRole(actor, AUTHORITY_ROLES);
      await identity.getMaskedPerson(db, personId);
      return status.history(db, personId, page);
    },
  };
}
