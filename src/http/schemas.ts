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
