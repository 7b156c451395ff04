import { Type, type Static } from 'typebox';
import { errorResponses } from '../../http/schemas.ts';
import { ID_TYPES } from '../identity/id-document.ts';
import { RELATIONSHIPS } from './guardians.service.ts';

export const PersonForHolderBody = Type.Object({
  personId: Type.String(),
  name: Type.String({ description: 'In full: the caller’s own name or their dependent’s' }),
  idTypeLabel: Type.String(),
  idNumber: Type.String({ description: 'Masked for dependents, in full for the caller' }),
  relationship: Type.Enum(['self', ...RELATIONSHIPS] as const),
});

export const AddDependentBody = Type.Object({
  name: Type.String({ maxLength: 64 }),
  idType: Type.Enum(ID_TYPES),
  idNumber: Type.String({ maxLength: 32 }),
  relationship: Type.Enum(RELATIONSHIPS, { description: 'How the dependent is related to the guardian' }),
});
export type AddDependentBody = Static<typeof AddDependentBody>;

export const listPeopleSchema = {
  tags: ['dependents'],
  summary: 'The caller’s own code and their dependents’ (代领)',
  response: { 200: Type.Array(PersonForHolderBody), ...errorResponses(401) },
};

export const addDependentSchema = {
  tags: ['dependents'],
  summary: 'Hold a code for a dependent (代领): elderly or children without their own',
  body: AddDependentBody,
  response: { 201: PersonForHolderBody, ...errorResponses(400, 401, 404, 409) },
};

export const removeDependentSchema = {
  tags: ['dependents'],
  summary: 'Stop holding a dependent’s code',
  params: Type.Object({ personId: Type.String({ maxLength: 64 }) }),
  response: { 204: Type.Null(), ...errorResponses(401, 404) },
};
