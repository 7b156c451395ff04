/**
 * Real-name identity: validating documents, one person one code, and reading people with the right
 * degree of masking. Unmasked reads by anyone but the person are audited with their reason.
 */
import type { PersonalDataCipher } from '../../crypto/personal-data-cipher.ts';
import type { Executor } from '../../db/database.ts';
import { AppError, invalid, type FieldError } from '../../errors.ts';
import { AUTHORITY_ROLES, requireRole, type Actor } from '../../shared/access.ts';
import { newId } from '../../shared/ids.ts';
import { maskIdNumber, maskName } from '../../shared/masking.ts';
import type { CacheMaker } from '../../cache/read-through-cache.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import { normalizeName, validateIdDocument, type IdType } from './id-document.ts';
import type { IdentityVerifier } from './identity-verifier.ts';
import { findPersonById, findPersonByLookup, insertPerson, type PersonRow } from './identity.repository.ts';
import type { Person } from './identity.presenter.ts';

export interface IdentityInput {
  name: string;
  idType: IdType;
  idNumber: string;
}

export interface IdentityServiceDeps {
  cipher: PersonalDataCipher;
  verifier: IdentityVerifier;
  now: () => number;
  /** 'YYYY-MM-DD' today in the platform's time zone. */
  today: () => string;
  caches: CacheMaker;
}

/** How a person is shown to anyone but themself (SPEC §8): 张*, 1****************X. */
export interface MaskedPerson {
  id: string;
  name: string;
  idNumber: string;
}

export type IdentityService = ReturnType<typeof createIdentityService>;

export function createIdentityService({ cipher, verifier, now, today, caches }: IdentityServiceDeps) {
  // Names and document numbers never change, so their masked forms are kept (only those, never the plaintext).
  const masked = caches.readThrough<MaskedPerson>('masked_persons', Infinity);
  const documentLookup = (idType: IdType, idNumber: string) => cipher.keyedHash('id-document', `${idType}:${idNumber}`);

  function unseal(row: PersonRow): Person {
    return {
      id: row.id,
      idType: row.id_type as IdType,
      idNumber: cipher.decrypt(row.id_number_sealed),
      name: cipher.decrypt(row.name_sealed),
      identityAssurance: row.identity_assurance,
    };
  }

  /** The person a document typed by staff names, if any; a number that cannot be one is an error on `field`. */
  async function findByTypedDocument(db: Executor, idType: IdType, rawIdNumber: string, field = 'idNumber'): Promise<Person | undefined> {
    const document = validateIdDocument(idType, rawIdNumber, today());
    if (!document.ok) throw invalid({ field, code: document.code });
    const row = await findPersonByLookup(db, documentLookup(idType, document.idNumber));
    return row && unseal(row);
  }

  return {
    /** Field problems of a claimed identity, all at once, so the form can mark every field. */
    validate(input: IdentityInput): { fields: FieldError[]; claim?: IdentityInput } {
      const fields: FieldError[] = [];
      const name = normalizeName(input.name);
      if (!name) fields.push({ field: 'name', code: input.name.trim() ? 'NAME_INVALID' : 'REQUIRED' });
      const document = validateIdDocument(input.idType, input.idNumber, today());
      if (!document.ok) fields.push({ field: 'idNumber', code: input.idNumber.trim() ? document.code : 'REQUIRED' });
      if (!name || !document.ok) return { fields };
      return { fields, claim: { name, idType: input.idType, idNumber: document.idNumber } };
    },

    /** Creates the person for a validated claim; the same document can exist only once (一人一码). */
    async createPerson(db: Executor, claim: IdentityInput): Promise<Person> {
      const idLookup = documentLookup(claim.idType, claim.idNumber);
      if (await findPersonByLookup(db, idLookup)) throw new AppError('ALREADY_REGISTERED', { fields: [{ field: 'idNumber', code: 'NOT_ALLOWED' }] });
      const verification = await verifier.verify(claim);
      if (!verification.accepted) throw invalid({ field: 'idNumber', code: 'INVALID_FORMAT' });
      const row: PersonRow = {
        id: newId(now()),
        id_type: claim.idType,
        id_lookup: idLookup,
        id_number_sealed: cipher.encrypt(claim.idNumber),
        name_sealed: cipher.encrypt(claim.name),
        identity_assurance: verification.assurance,
        created_at: now(),
      };
      await insertPerson(db, row);
      return unseal(row);
    },

    async findByDocument(db: Executor, idType: IdType, idNumber: string): Promise<Person | undefined> {
      const row = await findPersonByLookup(db, documentLookup(idType, idNumber));
      return row && unseal(row);
    },

    /** The masked person, from memory after the first read. No access check: callers have done it. */
    async getMaskedPerson(db: Executor, personId: string): Promise<MaskedPerson> {
      const person = await masked.get(personId, now(), async () => {
        const row = await findPersonById(db, personId);
        if (!row) return undefined;
        const { id, idNumber, name } = unseal(row);
        return { value: { id, name: maskName(name), idNumber: maskIdNumber(idNumber) }, expiresAt: Infinity };
      });
      if (!person) throw new AppError('NOT_FOUND');
      return person;
    },

    async getPerson(db: Executor, personId: string): Promise<Person> {
      const row = await findPersonById(db, personId);
      if (!row) throw new AppError('NOT_FOUND');
      return unseal(row);
    },

    findByTypedDocument,

    /** The authority finds a person by document; the answer is masked. */
    async lookup(db: Executor, actor: Actor | null, idType: IdType, rawIdNumber: string): Promise<Person> {
      requireRole(actor, AUTHORITY_ROLES);
      const person = await findByTypedDocument(db, idType, rawIdNumber);
      if (!person) throw new AppError('NOT_FOUND');
      return person;
    },

    /** An authority user reads a person's unmasked data; the read and its reason go to the audit log. */
    async revealPerson(db: Executor, actor: Actor | null, personId: string, reason: string): Promise<Person> {
      const staff = requireRole(actor, AUTHORITY_ROLES);
      if (reason.trim().length < 4) throw invalid({ field: 'reason', code: 'REASON_REQUIRED' });
      const row = await findPersonById(db, personId);
      if (!row) throw new AppError('NOT_FOUND');
      await insertAuditEntry(db, {
        at: now(),
        actorAccountId: staff.accountId,
        action: 'person.reveal',
        subjectPersonId: personId,
        reason: reason.trim(),
        details: {},
      });
      return unseal(row);
    },
  };
}
