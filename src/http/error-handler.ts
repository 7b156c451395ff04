/**
 * The one mapping from errors to responses. Every error body has the same shape:
 * `{ error: { code, message, fields? } }`, with messages in the caller's language. Details of
 * unexpected (5xx) errors go to the log only.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AppError,
  errorMessage,
  fieldErrorMessage,
  type ErrorCode,
} from '../errors.ts';
import { negotiateLang } from '../shared/i18n.ts';
import { schemaFieldErrors, type SchemaProblem } from '../shared/schema-problems.ts';

const FRAMEWORK_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_REQUEST',
};

function toAppError(error: FastifyError): AppError | null {
  if (error instanceof AppError) return error;
  if (error.validation) return new AppError('VALIDATION_FAILED', { fields: schemaFieldErrors(error.validation as SchemaProblem[]) });
  const mapped = FRAMEWORK_CODES[error.code];
  if (mapped) return new AppError(mapped);
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return new AppError('BAD_REQUEST');
  if (error.statusCode === 503) return new AppError('OVERLOADED', { headers: { 'retry-after': '5' } });
  return null;
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const lang = negotiateLang(request.headers['accept-language']);
  for (const [name, value] of Object.entries(error.options.headers ?? {})) reply.header(name, value);
  return reply.status(error.status).send({
    error: {
      code: error.code,
      message: errorMessage(error.code, lang, error.options.params),
      ...(error.options.fields && {
        fields: error.options.fields.map((f) => ({ field: f.field, code: f.code, message: fieldErrorMessage(f.code, lang, f.params) })),
      }),
    },
  });
}

/**
 * Errors Fastify meets before a route is chosen, which its error handler never sees: a path parameter longer
 * than any id (it names nothing, as an unknown id does) and a path that is not valid percent-encoding.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void sendError(request, reply, new AppError(error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'NOT_FOUND' : 'BAD_REQUEST'));
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = toAppError(error);
    if (known && known.status < 500) return sendError(request, reply, known);
    request.log.error({ err: error }, 'request failed');
    return sendError(request, reply, known ?? new AppError('INTERNAL'));
  });
}
