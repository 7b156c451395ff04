import { Type } from 'typebox';
import { EpochMs, errorResponses } from '../../http/schemas.ts';
import { NucleicAcidBody } from '../status/status.schema.ts';

const Token = Type.String({ minLength: 1, maxLength: 2048, description: 'The token, or the whole scanned URL (…/v/<token>)' });

export const OutcomeBody = Type.Object({
  result: Type.Enum(['valid', 'expired', 'invalid', 'untrusted', 'revoked'] as const),
  message: Type.String({ description: 'The result in words: 已过期，请刷新 for an expired code, …' }),
  kind: Type.Enum(['holder', 'paper'] as const),
  kindLabel: Type.String(),
  issuer: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  status: Type.Union([Type.Enum(['green', 'yellow', 'red', 'pending'] as const), Type.Null()]),
  statusLabel: Type.Union([Type.String(), Type.Null()]),
  statusSource: Type.Union([Type.Enum(['live', 'token'] as const), Type.Null()], {
    description: 'live: the holder’s current status; token: the colour at issue (the issuer could not be asked)',
  }),
  reasons: Type.Array(Type.String(), { description: 'Short reasons (出行提示)' }),
  nucleicAcid: Type.Union([NucleicAcidBody, Type.Null()], {
    description: 'With the live status of this platform’s own holders; null when the status came from the token or a partner',
  }),
  name: Type.Union([Type.String(), Type.Null()], { description: 'Masked' }),
  idNumber: Type.Union([Type.String(), Type.Null()], { description: 'Masked' }),
  expiresAt: Type.Union([Type.Number(), Type.Null()]),
  checkedAt: Type.Number(),
  mode: Type.Literal('online'),
});

const Jwk = Type.Object(
  { kty: Type.Optional(Type.String()), crv: Type.Optional(Type.String()), x: Type.Optional(Type.String()), kid: Type.Optional(Type.String()) },
  { additionalProperties: true },
);

export const verifySchema = {
  tags: ['verification'],
  summary: 'Verify a scanned code online (扫描码): signature, expiry, issuer trust and the live status; the check is recorded',
  body: Type.Object({ token: Token }),
  response: { 200: OutcomeBody, ...errorResponses(400, 401, 404) },
};

export const offlineUploadSchema = {
  tags: ['verification'],
  summary: 'Upload checks made offline on the device; a check already stored (same id) is not stored again',
  body: Type.Object({
    checks: Type.Array(
      Type.Object({
        id: Type.String({ minLength: 8, maxLength: 64, description: 'Chosen by the device, unique per check' }),
        token: Token,
        checkedAt: EpochMs({ description: 'Epoch ms on the device' }),
      }),
      { maxItems: 500 },
    ),
  }),
  response: { 200: Type.Object({ stored: Type.Integer(), alreadyStored: Type.Integer() }), ...errorResponses(400, 401, 404) },
};

export const trustListSchema = {
  tags: ['verification'],
  summary: 'Public keys of this platform and every trusted issuer, for offline verification',
  response: {
    200: Type.Object({
      generatedAt: Type.Number(),
      maxAgeSeconds: Type.Integer({ description: 'Warn the verifier when the list is older than this' }),
      issuers: Type.Array(Type.Object({ issuerId: Type.String(), name: Type.String(), keys: Type.Array(Jwk) })),
    }),
    ...errorResponses(401, 404),
  },
};
