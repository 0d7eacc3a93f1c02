/**
 * Checks a JSON Schema cannot state: warnings about values Auth0 accepts but changes or may refuse, and the size of a
 * record. They run on the record as it would be imported (after fixes).
 */
import { hasStrippableAuth0Prefix } from '../convert/export-to-import';
import { fixableHint, type Issue } from './issue';

/** Auth0's advice for the combined size of a profile's metadata. */
export const metadataWarnBytes = 10 * 1024;

/** UTF-8 byte length of a string, without allocating (this runs for every record). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff) {
      // A surrogate pair: two UTF-16 units, four UTF-8 bytes.
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** The byte size of a JSON text, counting exactly only when it could matter (UTF-8 is at most 3 bytes per unit). */
function exceeds(json: string, limit: number): number | null {
  if (json.length * 3 <= limit) return null;
  const bytes = utf8Length(json);
  return bytes > limit ? bytes : null;
}

function userIdIssues(userId: unknown, fixing: boolean): Issue[] {
  if (typeof userId !== 'string' || userId === '') return [];
  const issues: Issue[] = [];
  if (!fixing && hasStrippableAuth0Prefix(userId)) {
    issues.push({
      path: '/user_id',
      code: 'user_id.auth0-prefix',
      severity: 'error',
      message: `user_id "${userId.slice(0, 40)}" already starts with "auth0|"; the import adds it again ("auth0|auth0|...").`,
      hint: `Remove the "auth0|" prefix from user_id. ${fixableHint}`,
    });
  }
  if (userId.includes('|') && !userId.startsWith('auth0|')) {
    issues.push({
      path: '/user_id',
      code: 'user_id.provider-prefix',
      severity: 'warning',
      message: `user_id "${userId.slice(0, 40)}" looks like an id from another connection; the import stores it as "auth0|${userId.slice(0, 40)}".`,
      hint: 'Social and enterprise users sign in through their own connection; import only database users, or give a new id.',
    });
  }
  if (/\s/.test(userId)) {
    issues.push({
      path: '/user_id',
      code: 'user_id.whitespace',
      severity: 'warning',
      message: 'user_id contains spaces or other whitespace; Auth0 may refuse it or it may break lookups.',
      hint: 'Remove the whitespace from user_id (check for a trailing space or line break).',
    });
  }
  if (userId.length > 255) {
    issues.push({
      path: '/user_id',
      code: 'user_id.length',
      severity: 'warning',
      message: `user_id is ${userId.length} characters long; more than 255 may be refused.`,
      hint: 'Use a shorter, stable id (255 characters or fewer).',
    });
  }
  return issues;
}

function emailCaseIssue(email: unknown): Issue[] {
  if (typeof email !== 'string' || email === email.toLowerCase()) return [];
  return [
    {
      path: '/email',
      code: 'email.case',
      severity: 'warning',
      message: `email "${email.slice(0, 60)}" has capital letters; Auth0 stores it lower-cased.`,
      hint: 'Nothing to do unless your application compares emails case-sensitively; you may lower-case it.',
    },
  ];
}

function passwordCostIssue(hash: unknown): Issue[] {
  if (typeof hash !== 'string' || !/^\$2[ab]\$\d{2}\$/.test(hash) || hash.slice(4, 6) === '10') return [];
  return [
    {
      path: '/password_hash',
      code: 'password_hash.cost',
      severity: 'warning',
      message: `password_hash uses bcrypt cost ${hash.slice(4, 6)}; Auth0 documents cost 10 for password_hash.`,
      hint: 'If the import refuses it, send the hash as custom_password_hash with algorithm bcrypt instead.',
    },
  ];
}

function metadataSizeIssue(record: Record<string, unknown>, recordJson: string): Issue[] {
  // The metadata is part of the record's JSON: a record too small to hold 10 KB needs no closer look (most do not).
  if (recordJson.length * 3 <= metadataWarnBytes) return [];
  const parts = [record.app_metadata, record.user_metadata].filter((part) => part !== undefined);
  if (parts.length === 0) return [];
  const bytes = exceeds(parts.map((part) => JSON.stringify(part) ?? '').join(''), metadataWarnBytes);
  if (bytes === null) return [];
  return [
    {
      path: record.user_metadata !== undefined ? '/user_metadata' : '/app_metadata',
      code: 'metadata.size',
      severity: 'warning',
      message: `app_metadata and user_metadata together are ${Math.ceil(bytes / 1024)} KB; Auth0 advises at most ~10 KB per user.`,
      hint: 'Keep only what sign-in needs in metadata; store the rest in your own database.',
    },
  ];
}

function recordSizeIssue(recordJson: string, jobSizeBytes: number): Issue[] {
  // The import file wraps records in "[" and "]": a record that alone exceeds the limit can never be sent.
  const bytes = exceeds(recordJson, jobSizeBytes - 2);
  if (bytes === null) return [];
  return [
    {
      path: '',
      code: 'record.size',
      severity: 'error',
      message: `This user is ${bytes} bytes as JSON; one import job takes at most ${jobSizeBytes} bytes.`,
      hint: 'Shrink the metadata of this user (or import it without metadata and set that later).',
    },
  ];
}

/** All checks beyond the schema for one record (as it would be imported). */
export function extraIssues(record: Record<string, unknown>, fixing: boolean, jobSizeBytes: number): Issue[] {
  const recordJson = JSON.stringify(record);
  return [
    ...userIdIssues(record.user_id, fixing),
    ...emailCaseIssue(record.email),
    ...passwordCostIssue(record.password_hash),
    ...metadataSizeIssue(record, recordJson),
    ...recordSizeIssue(recordJson, jobSizeBytes),
  ];
}
