import { describe, expect, it } from 'vitest';
import { classifyPortError } from './port-errors';

const apiError = (kind: string, status?: number, message = 'm') =>
  Object.assign(new Error(message), { problem: { kind, status, message } });

describe('classifyPortError', () => {
  it('reads src/api problems and bare statuses', () => {
    expect(classifyPortError(apiError('ImportJobsBusy', 429)).kind).toBe('busy');
    expect(
      classifyPortError({ status: 429, message: 'There are 2 active import users jobs, please wait' }).kind,
    ).toBe('busy');
    expect(classifyPortError(apiError('RateLimited', 429)).kind).toBe('transient');
    expect(classifyPortError(apiError('ServerError', 503)).kind).toBe('transient');
    expect(classifyPortError(apiError('Network')).kind).toBe('ambiguous');
    expect(classifyPortError(new TypeError('Failed to fetch')).kind).toBe('ambiguous');
    expect(classifyPortError(apiError('InsufficientScope', 403)).kind).toBe('unauthorized');
    expect(classifyPortError(apiError('TooLarge', 413))).toMatchObject({ kind: 'rejected', status: 413 });
    expect(classifyPortError(apiError('NotFound', 404)).kind).toBe('not-found');
    expect(classifyPortError(new DOMException('stop', 'AbortError')).kind).toBe('aborted');
  });
});
