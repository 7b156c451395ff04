import { Type } from 'typebox';
import { errorResponses } from '../../http/schemas.ts';
import { NucleicAcidBody, StatusBody } from '../status/status.schema.ts';

export const CodeBody = Type.Object({
  personId: Type.String(),
  name: Type.String({ description: 'Masked name, as the code carries it' }),
  status: StatusBody,
  nucleicAcid: NucleicAcidBody,
  token: Type.Union([Type.String(), Type.Null()], { description: 'Compact JWS (EdDSA); null until the first declaration' }),
  url: Type.Union([Type.String(), Type.Null()], { description: 'What the QR holds: <public url>/v/<token>' }),
  qrColour: Type.String({ description: 'Draw the QR of `url` in this colour (the status colour, dark enough for scanners)' }),
  issuedAt: Type.Number(),
  expiresAt: Type.Union([Type.Number(), Type.Null()], { description: 'Epoch ms; the screen refreshes before this' }),
  serverTime: Type.Number({ description: 'For the clock: the client corrects its own clock by this' }),
  timeZone: Type.String({ description: 'The platform’s time zone, in which the clock is shown' }),
});

export const codeSchema = {
  tags: ['codes'],
  summary: 'A fresh signed health code (出示码) for oneself or a dependent, with the status in words',
  params: Type.Object({ personId: Type.String({ maxLength: 64 }) }),
  response: { 200: CodeBody, ...errorResponses(401, 404) },
};

const Jwk = Type.Object({ kty: Type.String(), crv: Type.String(), x: Type.String(), kid: Type.String(), alg: Type.String(), use: Type.String() });

export const jwksSchema = {
  tags: ['codes'],
  summary: 'Public keys of this issuer (JWKS), including retired keys whose codes may still be valid',
  response: { 200: Type.Object({ keys: Type.Array(Jwk) }) },
};
