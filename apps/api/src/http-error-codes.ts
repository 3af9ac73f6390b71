/**
 * Codes of the errors Nest and Fastify raise before a handler runs (bad JSON, no route, …), of bugs,
 * and of an api that is stopping.
 */
export const HttpErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  SHUTTING_DOWN: 'SHUTTING_DOWN',
} as const;
