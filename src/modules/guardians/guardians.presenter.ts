import type { Lang } from '../../shared/i18n.ts';
import { maskIdNumber } from '../../shared/masking.ts';
import { ID_TYPE_LABELS } from '../identity/id-document.ts';
import type { PersonForHolder } from './guardians.service.ts';

/** The guardian sees the names they entered; a dependent's ID number is masked even to them. */
export function presentPersonForHolder({ person, relationship }: PersonForHolder, lang: Lang) {
  return {
    personId: person.id,
    name: person.name,
    idTypeLabel: ID_TYPE_LABELS[person.idType][lang],
    idNumber: relationship === 'self' ? person.idNumber : maskIdNumber(person.idNumber),
    relationship,
  };
}
