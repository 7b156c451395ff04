/** How a person is shown: in full to themself (and to audited authority reads), masked to everyone else. */
import type { Lang } from '../../shared/i18n.ts';
import { maskIdNumber, maskName } from '../../shared/masking.ts';
import { ID_TYPE_LABELS, type IdType } from './id-document.ts';
import { ASSURANCE_LABELS } from './identity-verifier.ts';

export interface Person {
  id: string;
  idType: IdType;
  idNumber: string;
  name: string;
  identityAssurance: string;
}

export function presentPersonInFull(person: Person, lang: Lang) {
  return {
    id: person.id,
    name: person.name,
    idType: person.idType,
    idTypeLabel: ID_TYPE_LABELS[person.idType][lang],
    idNumber: person.idNumber,
    identityAssurance: person.identityAssurance,
    identityAssuranceNote: ASSURANCE_LABELS[person.identityAssurance]?.[lang] ?? person.identityAssurance,
  };
}

export function presentPersonMasked(person: Person, lang: Lang) {
  return {
    id: person.id,
    name: maskName(person.name),
    idType: person.idType,
    idTypeLabel: ID_TYPE_LABELS[person.idType][lang],
    idNumber: maskIdNumber(person.idNumber),
  };
}
