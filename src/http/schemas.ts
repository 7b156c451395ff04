/** Schema pieces shared by every route: the error body and common parameter shapes. */
import { Type } from 'typebox';

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable error code from the catalogue, e.g. VALIDATION_FAILED' }),
      message: Type.String({ description: 'Message in the caller’s language (Accept-Language: zh-CN or en)' }),
      fields: Type.Optional(
        Type.Array(Type.Object({ field: Type.String(), code: Type.String(), message: Type.String() }), {
          description: 'Per-field problems, for forms',
        }),
      ),
    }),
  },
  { $id: 'ErrorBody', description: 'Every error has this shape' },
);

/** Responses every route can give besides its own. */
export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, Type.Ref('ErrorBody')]));

/** The last millisecond of 9999: any later time is no one's, and larger numbers overflow PostgreSQL's bigint. */
const LAST_EPOCH_MS = 253_402_300_799_999;

/** A time the client sends, in epoch milliseconds: a whole number, from 1970 to 9999. */
export const EpochMs = (options: { description?: string } = {}) => Type.Integer({ minimum: 0, maximum: LAST_EPOCH_MS, description: 'Epoch milliseconds', ...options });

/**
 * A time the client sends, or null for none (no end). Null is tried first: the validator coerces types, and
 * tried against the integer first a null became 0, the first moment of 1970.
 */
export const EpochMsOrNull = (options: { description?: string } = {}) => Type.Union([Type.Null(), EpochMs()], options);

/**
 * Paging through a list, newest first, by the time-ordered ids (`shared/ids.ts`): `before` is the last id
 * of the page shown, so a page stays right while new items arrive. A page shorter than `limit` is the last.
 */
export const PageQuery = {
  before: Type.Optional(Type.String({ pattern: '^[0-9a-f]{32}$', description: 'The last id of the previous page; the next page starts after it' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
};
