import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

const reasons: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The Management API's error body: `{statusCode, error, message, errorCode?}`. */
export function auth0Error(
  c: Context,
  status: ContentfulStatusCode,
  message: string,
  errorCode?: string,
): Response {
  const body: Record<string, unknown> = { statusCode: status, error: reasons[status] ?? 'Error', message };
  if (errorCode) body.errorCode = errorCode;
  if (status === 401) body.attributes = { error: message };
  return c.json(body, status);
}

/** Hapi-style query validation error, as Auth0 words it. */
export function queryError(c: Context, message: string): Response {
  return auth0Error(c, 400, `Query validation error: ${message}`, 'invalid_query_string');
}

/** Hapi-style payload validation error, as Auth0 words it. */
export function payloadError(c: Context, message: string): Response {
  return auth0Error(c, 400, `Payload validation error: ${message}`, 'invalid_body');
}
