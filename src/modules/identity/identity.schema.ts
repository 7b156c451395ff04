import { Type } from 'typebox';
import { errorResponses } from '../../http/schemas.ts';
import { ID_TYPES } from './id-document.ts';

export const revealPersonSchema = {
  tags: ['authority'],
  summary: 'Read a person’s unmasked identity (audited, reason required)',
  params: Type.Object({ personId: Type.String({ minLength: 1, maxLength: 64 }) }),
  body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why the unmasked data is needed; stored in the audit log' }) }),
  response: {
    200: Type.Object({
      id: Type.String(),
      name: Type.String(),
      idType: Type.Enum(ID_TYPES),
      idTypeLabel: Type.String(),
      idNumber: Type.String(),
      identityAssurance: Type.String(),
      identityAssuranceNote: Type.String(),
    }),
    ...errorResponses(400, 401, 403, 404),
  },
};

export const lookupPersonSchema = {
  tags: ['authority'],
  summary: 'Find a person by document (masked answer)',
  body: Type.Object({ idType: Type.Enum(ID_TYPES), idNumber: Type.String({ maxLength: 32 }) }),
  response: {
    200: Type.Object({ id: Type.String(), name: Type.String(), idType: Type.Enum(ID_TYPES), idTypeLabel: Type.String(), idNumber: Type.String() }),
    ...errorResponses(400, 401, 404),
  },
};
