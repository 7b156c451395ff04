import { Type, type Static } from 'typebox';
import { EpochMs, errorResponses } from '../../http/schemas.ts';
import { SYMPTOMS } from '../rules/rules.engine.ts';
import { StatusBody } from '../status/status.schema.ts';

const RegionCode = Type.String({ pattern: '^\\d{6}$', description: 'GB/T 2260 code, 6 digits' });

export const DeclarationInput = Type.Object({
  contactPhone: Type.String({ maxLength: 20, description: '联系电话' }),
  address: Type.String({ maxLength: 200, description: '现住址' }),
  regionCode: Type.String({ maxLength: 6, description: '当前所在地 (GB/T 2260 county code)' }),
  temperature: Type.Number({ description: '体温 in °C, one decimal' }),
  symptoms: Type.Array(Type.Enum(SYMPTOMS), { uniqueItems: true, maxItems: SYMPTOMS.length, description: 'Empty for none (无)' }),
  visitedRegions: Type.Array(RegionCode, { uniqueItems: true, maxItems: 30, description: 'Regions visited in the last 14 days' }),
  contactWithCase: Type.Enum(['yes', 'no', 'unsure'] as const, { description: 'Contact with a confirmed or suspected case' }),
  arrivedFromAbroad: Type.Boolean({ description: 'Arrived from abroad in the last 14 days' }),
});
export type DeclarationInput = Static<typeof DeclarationInput>;

export const DeclarationBody = Type.Object({
  id: Type.String(),
  declaredAt: Type.Number({ description: 'Epoch milliseconds' }),
  day: Type.String(),
  contactPhone: Type.String(),
  address: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  temperature: Type.Number(),
  symptoms: Type.Array(Type.String()),
  visitedRegions: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  contactWithCase: Type.String(),
  arrivedFromAbroad: Type.Boolean(),
  counts: Type.Boolean({ description: 'Whether this is the declaration that counts for its day (the latest)' }),
  markedFalseAt: Type.Union([EpochMs(), Type.Null()], { description: 'When the health authority found it false (不实申报); null if it has not' }),
  riskLevel: Type.Union([Type.Enum(['low', 'medium', 'high'] as const), Type.Null()], {
    description: 'The highest level of the risk areas in force now over the place declared (健康打卡城市防疫风险等级); null for none',
  }),
});

/** What the authority sees of a declaration: the contact phone masked, no address. */
export const AuthorityDeclarationBody = Type.Omit(DeclarationBody, ['address']);

const PersonParams = Type.Object({ personId: Type.String({ maxLength: 64 }) });

export const declareSchema = {
  tags: ['declarations'],
  summary: 'Declare health (打卡) for oneself or a dependent; at most N a day, the latest counts',
  params: PersonParams,
  body: DeclarationInput,
  response: { 201: Type.Object({ declaration: DeclarationBody, status: StatusBody }), ...errorResponses(400, 401, 403, 404, 429) },
};

export const authorityDeclarationsSchema = {
  tags: ['authority'],
  summary: 'A person’s declarations of the last 14 days, for the authority (人员查询): phone masked, no address',
  params: PersonParams,
  response: { 200: Type.Array(AuthorityDeclarationBody), ...errorResponses(401, 404) },
};

export const markFalseSchema = {
  tags: ['authority'],
  summary: 'Find a declaration false (认定为不实申报): the code turns red; audited with the reason; the holder may appeal',
  params: Type.Object({ declarationId: Type.String({ maxLength: 64 }) }),
  body: Type.Object({ reason: Type.String({ maxLength: 500, description: 'Why, for the audit log (at least 4 characters)' }) }),
  response: { 200: Type.Object({ status: StatusBody }), ...errorResponses(400, 401, 404, 409) },
};

export const listDeclarationsSchema = {
  tags: ['declarations'],
  summary: 'Declarations of the last 14 days (查看打卡记录)',
  params: PersonParams,
  response: { 200: Type.Array(DeclarationBody), ...errorResponses(401, 404) },
};
