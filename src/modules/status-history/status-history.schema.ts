import { Type } from 'typebox';
import { errorResponses, PageQuery } from '../../http/schemas.ts';
import { StatusBody } from '../status/status.schema.ts';

const PersonParams = Type.Object({ personId: Type.String({ maxLength: 64 }) });

const PastStatusBody = Type.Object({
  id: Type.String(),
  at: Type.Number({ description: 'When this status was decided' }),
  status: Type.Enum(['green', 'yellow', 'red', 'pending'] as const),
  label: Type.String(),
  reasons: Type.Array(Type.Object({ code: Type.String(), status: Type.Enum(['yellow', 'red', 'pending'] as const), text: Type.String() })),
  ruleSetVersion: Type.String({ description: 'The rule-set version that decided it' }),
});

const history = (summary: string, tags: string[]) => ({
  tags,
  summary,
  params: PersonParams,
  querystring: Type.Object(PageQuery),
  response: { 200: Type.Array(PastStatusBody), ...errorResponses(400, 401, 404) },
});

export const holderStatusHistorySchema = history('How the person’s colour changed (赋码记录), latest first, a page at a time', ['status']);
export const authorityStatusHistorySchema = history('How a person’s colour changed, each change with the rule-set version that decided it', ['authority']);

export const authorityCurrentStatusSchema = {
  tags: ['authority'],
  summary: 'A person’s colour now and its reasons (masked identity)',
  params: PersonParams,
  response: {
    200: Type.Object({ person: Type.Object({ id: Type.String(), name: Type.String(), idNumber: Type.String() }), status: StatusBody }),
    ...errorResponses(401, 404),
  },
};
