import { Type } from 'typebox';
import { errorResponses } from '../../http/schemas.ts';
import { NucleicAcidBody } from '../status/status.schema.ts';

const tags = ['linked codes'];
const PersonParams = Type.Object({ personId: Type.String({ maxLength: 64 }) });

export const LinkedCodeBody = Type.Object({
  id: Type.String(),
  issuer: Type.Object({ id: Type.String(), name: Type.String() }),
  linkedAt: Type.Number(),
  status: Type.Union([Type.Enum(['green', 'yellow', 'red', 'pending'] as const), Type.Null()], { description: 'The holder’s colour there now; null when that platform cannot be asked now' }),
  statusLabel: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()], { description: 'Masked, as that platform gives it' }),
  nucleicAcid: Type.Union([NucleicAcidBody, Type.Null()], { description: 'Null when that platform does not say' }),
});

export const listLinkedCodesSchema = {
  tags,
  summary: 'The person’s codes on other platforms (关联外省健康码), each with their live colour there',
  params: PersonParams,
  response: { 200: Type.Array(LinkedCodeBody), ...errorResponses(401, 404) },
};

export const linkCodeSchema = {
  tags,
  summary: 'Link a code another trusted platform gave the person: a fresh one, scanned or pasted, in their name',
  params: PersonParams,
  body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 4096, description: 'The token, or the URL its QR code holds' }) }),
  response: { 201: LinkedCodeBody, ...errorResponses(400, 401, 404) },
};

export const unlinkCodeSchema = {
  tags,
  summary: 'Remove a linked code',
  params: Type.Object({ personId: Type.String({ maxLength: 64 }), linkId: Type.String({ maxLength: 64 }) }),
  response: { 204: Type.Null(), ...errorResponses(401, 404) },
};
