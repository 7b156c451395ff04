/**
 * Proxy application (代领, SPEC §2): a holder holds codes for up to N dependents (elderly, children); a
 * person has at most M guardians; someone who holds their own code cannot be proxied. `requireActingFor`
 * is the access check for anything done for a person: themself, or a dependent of the caller.
 */
import type { Executor } from '../../db/database.ts';
import { AppError, invalid } from '../../errors.ts';
import { requireRole, requireSignedIn, type Actor } from '../../shared/access.ts';
import { findAccountIdByPersonId } from '../accounts/accounts.repository.ts';
import type { Person } from '../identity/identity.presenter.ts';
import type { IdentityInput, IdentityService } from '../identity/identity.service.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import {
  countDependents,
  countGuardians,
  deleteGuardianship,
  insertGuardianship,
  isGuardianOf,
  listDependents,
} from './guardians.repository.ts';

export const RELATIONSHIPS = ['parent', 'grandparent', 'child', 'grandchild', 'spouse', 'sibling', 'other'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export interface DependentInput extends IdentityInput {
  relationship: Relationship;
}

export interface PersonForHolder {
  person: Person;
  /** 'self' for the caller's own code, otherwise how the dependent is related to the caller. */
  relationship: 'self' | Relationship;
}

export type GuardiansService = ReturnType<typeof createGuardiansService>;

export function createGuardiansService({
  identity,
  now,
  maxDependents,
  maxGuardians,
}: {
  identity: IdentityService;
  now: () => number;
  maxDependents: number;
  maxGuardians: number;
}) {
  /** The caller may act for `personId` (declare, show the code): it is them, or their dependent. */
  async function requireActingFor(db: Executor, actor: Actor | null, personId: string): Promise<Actor> {
    const signedIn = requireSignedIn(actor);
    if (signedIn.personId === personId) return signedIn;
    if (signedIn.personId && (await isGuardianOf(db, signedIn.personId, personId))) return signedIn;
    throw new AppError('NOT_FOUND');
  }

  return {
    requireActingFor,

    async addDependent(db: Executor, actor: Actor | null, input: DependentInput): Promise<PersonForHolder> {
      const guardian = requireRole(actor, ['holder']);
      const guardianPersonId = guardian.personId;
      if (!guardianPersonId) throw new AppError('NOT_FOUND');
      const { fields, claim } = identity.validate(input);
      if (!claim) throw invalid(...fields);
      if ((await countDependents(db, guardianPersonId)) >= maxDependents) throw new AppError('TOO_MANY_DEPENDENTS', { params: { limit: maxDependents } });

      let person = await identity.findByDocument(db, claim.idType, claim.idNumber);
      if (person) {
        if (person.id === guardianPersonId || (await findAccountIdByPersonId(db, person.id))) throw new AppError('HOLDS_OWN_CODE');
        // Knowing a document number is not enough to reach someone else's dependent: the name must match too.
        if (person.name !== claim.name) throw invalid({ field: 'name', code: 'NAME_MISMATCH' });
        if (await isGuardianOf(db, guardianPersonId, person.id)) throw new AppError('ALREADY_DEPENDENT');
        if ((await countGuardians(db, person.id)) >= maxGuardians) throw new AppError('TOO_MANY_GUARDIANS', { params: { limit: maxGuardians } });
      } else {
        person = await identity.createPerson(db, claim);
      }
      await insertGuardianship(db, { guardianPersonId, dependentPersonId: person.id, relationship: input.relationship, at: now() });
      await insertAuditEntry(db, {
        at: now(),
        actorAccountId: guardian.accountId,
        action: 'dependent.add',
        subjectPersonId: person.id,
        reason: null,
        details: { relationship: input.relationship },
      });
      return { person, relationship: input.relationship };
    },

    async removeDependent(db: Executor, actor: Actor | null, dependentPersonId: string): Promise<void> {
      const guardian = requireRole(actor, ['holder']);
      if (!guardian.personId || !(await deleteGuardianship(db, guardian.personId, dependentPersonId))) throw new AppError('NOT_FOUND');
      await insertAuditEntry(db, {
        at: now(),
        actorAccountId: guardian.accountId,
        action: 'dependent.remove',
        subjectPersonId: dependentPersonId,
        reason: null,
        details: {},
      });
    },

    /** The caller's own code first, then their dependents'. */
    async listPeople(db: Executor, actor: Actor | null): Promise<PersonForHolder[]> {
      const signedIn = requireSignedIn(actor);
      if (!signedIn.personId) return [];
      const people: PersonForHolder[] = [{ person: await identity.getPerson(db, signedIn.personId), relationship: 'self' }];
      for (const dependent of await listDependents(db, signedIn.personId)) {
        people.push({ person: await identity.getPerson(db, dependent.personId), relationship: dependent.relationship as Relationship });
      }
      return people;
    },
  };
}
