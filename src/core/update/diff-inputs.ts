/** Reading the two files of a bulk update: which records can be matched, by which email, and why not. */
import type { Finding } from '../findings';
import type { Issue } from '../rules/issue';

export type UserRecord = Record<string, unknown>;

export const isRecord = (value: unknown): value is UserRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
export const emailKey = (record: UserRecord): string | null =>
  typeof record.email === 'string' && record.email.trim() !== '' ? record.email.trim().toLowerCase() : null;

export function finding(file: string, record: number, issue: Issue): Finding {
  return { file, record, line: null, ...issue };
}

/** Original records by lower-cased email; records without an email or with a repeated one become findings. */
export function indexOriginal(
  original: readonly unknown[],
  file: string,
  findings: Finding[],
): Map<string, number> {
  const byEmail = new Map<string, number>();
  original.forEach((record, index) => {
    const key = isRecord(record) ? emailKey(record) : null;
    if (key === null) {
      findings.push(
        finding(file, index, {
          path: '/email',
          code: 'update.original-without-email',
          severity: 'warning',
          message: `Record ${index + 1} of the original has no email, so no edit can be matched to it`,
          hint: 'Upsert matches users by email.',
        }),
      );
    } else if (byEmail.has(key)) {
      findings.push(
        finding(file, index, {
          path: '/email',
          code: 'update.original-duplicate-email',
          severity: 'warning',
          message: `${key} appears more than once in the original (records ${(byEmail.get(key) as number) + 1} and ${index + 1}); edits are compared with the first`,
          hint: 'Export one connection at a time.',
        }),
      );
    } else {
      byEmail.set(key, index);
    }
  });
  return byEmail;
}

/** Why an edited record cannot take part, or null when it can. */
export function editedProblem(record: unknown, index: number, seen: Map<string, number>): Issue | null {
  if (!isRecord(record)) {
    return {
      path: '',
      code: 'update.not-a-user',
      severity: 'error',
      message: `Record ${index + 1} of the edited file is not a user object`,
      hint: 'Each record must be a JSON object such as {"email": "..."}.',
    };
  }
  const key = emailKey(record);
  if (key === null) {
    return {
      path: '/email',
      code: 'update.missing-email',
      severity: 'error',
      message: `Record ${index + 1} of the edited file has no email`,
      hint: 'Upsert matches users by email: do not remove or empty it.',
    };
  }
  const first = seen.get(key);
  if (first !== undefined) {
    return {
      path: '/email',
      code: 'update.duplicate-email',
      severity: 'error',
      message: `${key} appears in records ${first + 1} and ${index + 1} of the edited file; only the first is used`,
      hint: 'An import rejects a file with the same user twice: merge the two records.',
    };
  }
  return null;
}
