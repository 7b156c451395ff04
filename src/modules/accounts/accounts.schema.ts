import { Type, type Static } from 'typebox';
import { ROLES } from '../../shared/access.ts';
import { ID_TYPES } from '../identity/id-document.ts';
import { errorResponses } from '../../http/schemas.ts';

const PersonInFull = Type.Object({
  id: Type.String(),
  name: Type.String(),
  idType: Type.Enum(ID_TYPES),
  idTypeLabel: Type.String(),
  idNumber: Type.String(),
  identityAssurance: Type.String({ description: 'How the identity was checked, e.g. document-consistency' }),
  identityAssuranceNote: Type.String(),
});

export const SessionBody = Type.Object({
  accountId: Type.String(),
  roles: Type.Array(Type.Enum(ROLES)),
  phone: Type.String({ description: 'The caller’s own phone number, unmasked' }),
  person: Type.Union([PersonInFull, Type.Null()], { description: 'The holder’s own identity, unmasked; null for staff' }),
  staffName: Type.Union([Type.String(), Type.Null()]),
  csrfToken: Type.String({ description: 'Send as the x-csrf-token header on every write made with the session cookie' }),
  timeZone: Type.String({ description: 'The platform’s IANA time zone: the app shows times in it and reads times typed in it, whatever the device’s zone' }),
});

// No minLength here: empty fields are reported by the service together with every other field problem.
export const RegisterBody = Type.Object({
  name: Type.String({ maxLength: 64, description: '姓名, as on the document' }),
  idType: Type.Enum(ID_TYPES, { description: 'Document type' }),
  idNumber: Type.String({ maxLength: 32 }),
  phone: Type.String({ maxLength: 20 }),
  password: Type.String({ maxLength: 128 }),
});
export type RegisterBody = Static<typeof RegisterBody>;

export const SignInBody = Type.Object({
  phone: Type.String({ minLength: 1, maxLength: 20 }),
  password: Type.String({ minLength: 1, maxLength: 128 }),
});
export type SignInBody = Static<typeof SignInBody>;


export const signInCodeSchema = {
  tags: ['accounts'],
  summary: 'Send a one-time sign-in code by text message (the same answer whether or not the number is registered)',
  body: Type.Object({ phone: Type.String({ minLength: 1, maxLength: 20 }) }),
  response: {
    202: Type.Object({
      expiresInSeconds: Type.Integer({ description: 'How long the code is valid' }),
      resendAfterSeconds: Type.Integer({ description: 'When another code may be asked for' }),
    }),
    ...errorResponses(400, 429, 503),
  },
};

export const signInWithCodeSchema = {
  tags: ['accounts'],
  summary: 'Sign in with phone and the one-time code sent to it',
  body: Type.Object({ phone: Type.String({ minLength: 1, maxLength: 20 }), code: Type.String({ minLength: 1, maxLength: 12 }) }),
  response: { 200: SessionBody, ...errorResponses(400, 401, 429) },
};

export const registerSchema = {
  tags: ['accounts'],
  summary: 'Register with real name (实名注册) and sign in',
  body: RegisterBody,
  response: { 201: SessionBody, ...errorResponses(400, 409, 429) },
};

export const signInSchema = {
  tags: ['accounts'],
  summary: 'Sign in with phone and password',
  body: SignInBody,
  response: { 200: SessionBody, ...errorResponses(400, 401, 429) },
};

export const signOutSchema = {
  tags: ['accounts'],
  summary: 'Sign out of this session, or everywhere',
  querystring: Type.Object({
    everywhere: Type.Optional(Type.Boolean({ description: 'End every session of this account, on every device' })),
  }),
  response: { 204: Type.Null(), ...errorResponses(401, 403) },
};

export const sessionSchema = {
  tags: ['accounts'],
  summary: 'The signed-in account, with its own data unmasked',
  response: { 200: SessionBody, ...errorResponses(401) },
};

export const changePasswordSchema = {
  tags: ['accounts'],
  summary: 'Set a new password, proved by the current one or by a code texted to the account’s phone; signs out every other session',
  body: Type.Object({
    currentPassword: Type.Optional(Type.String({ maxLength: 128 })),
    code: Type.Optional(Type.String({ maxLength: 12, description: 'Instead of the current password: the code sent by POST /auth/sign-in/code to the account’s own phone' })),
    newPassword: Type.String({ maxLength: 128 }),
  }),
  response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 429) },
};
