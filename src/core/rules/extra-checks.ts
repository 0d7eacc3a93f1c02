/**
 * Checks a JSON Schema cannot state: warnings about values Auth0 accepts but changes or may refuse, and the size of a
 * record. They run on the record as it would be imported (after fixes).
 */
import { hasStrippableAuth0Prefix } from '../convert/export-to-import';
import { largestRecordBytes } from '../formats/json-array-part';
import { utf8Length } from '../formats/utf8';
import { fixableHint, type Issue } from './issue';

/** Auth0's advice for the combined size of a profile's metadata. */
export const metadataWarnBytes = 10 * 1024;

/**
 * At most this many UTF-8 bytes of `JSON.stringify(value)` per character of the JSON text `value` was parsed from.
 * Strings never get longer (every escape JSON.stringify writes was already an escape of at least that length in the
 * source) and take at most 3 bytes per UTF-16 unit; whitespace goes; a number can grow ("1e20" is written as 21
 * digits: 5.25 ASCII characters per source character). So the source length bounds the size without serializing.
 */
export const maxBytesPerSourceChar = 6;

/**
 * The longest JSON source (in UTF-16 units) for which neither size check below can apply, whatever the record:
 * its serialized size is bounded under both the metadata warning and the largest record a job of `jobSizeBytes`
 * holds (`addExtraIssues` measures nothing for such a record).
 */
export function longestUnmeasuredSource(jobSizeBytes: number): number {
  const limit = Math.min(metadataWarnBytes, largestRecordBytes(jobSizeBytes));
  return Math.floor(limit / maxBytesPerSourceChar);
}

/** The byte size of a JSON text, counting exactly only when it could matter (UTF-8 is at most 3 bytes per unit). */
function exceeds(json: string, limit: number): number | null {
  if (json.length * 3 <= limit) return null;
  const bytes = utf8Length(json);
  return bytes > limit ? bytes : null;
}

function userIdIssues(issues: Issue[], userId: unknown, fixing: boolean): void {
  if (typeof userId !== 'string' || userId === '') return;
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
}

function emailCaseIssue(issues: Issue[], email: unknown): void {
  if (typeof email !== 'string' || email === email.toLowerCase()) return;
  issues.push({
    path: '/email',
    code: 'email.case',
    severity: 'warning',
    message: `email "${email.slice(0, 60)}" has capital letters; Auth0 stores it lower-cased.`,
    hint: 'Nothing to do unless your application compares emails case-sensitively; you may lower-case it.',
  });
}

function passwordCostIssue(issues: Issue[], hash: unknown): void {
  if (typeof hash !== 'string' || !/^\$2[ab]\$\d{2}\$/.test(hash) || hash.slice(4, 6) === '10') return;
  issues.push({
    path: '/password_hash',
    code: 'password_hash.cost',
    severity: 'warning',
    message: `password_hash uses bcrypt cost ${hash.slice(4, 6)}; Auth0 documents cost 10 for password_hash.`,
    hint: 'If the import refuses it, send the hash as custom_password_hash with algorithm bcrypt instead.',
  });
}

function metadataSizeIssue(issues: Issue[], record: Record<string, unknown>, recordBytesBound: number): void {
  // The metadata is part of the record's JSON: a record too small to hold 10 KB needs no closer look (most do not).
  if (recordBytesBound <= metadataWarnBytes) return;
  const parts = [record.app_metadata, record.user_metadata].filter((part) => part !== undefined);
  if (parts.length === 0) return;
  const bytes = exceeds(parts.map((part) => JSON.stringify(part) ?? '').join(''), metadataWarnBytes);
  if (bytes === null) return;
  issues.push({
    path: record.user_metadata !== undefined ? '/user_metadata' : '/app_metadata',
    code: 'metadata.size',
    severity: 'warning',
    message: `app_metadata and user_metadata together are ${Math.ceil(bytes / 1024)} KB; Auth0 advises at most ~10 KB per user.`,
    hint: 'Keep only what sign-in needs in metadata; store the rest in your own database.',
  });
}

function recordSizeIssue(issues: Issue[], recordJson: string, jobSizeBytes: number): void {
  // A record larger than a part holding only it (json-array-part.ts, the rule Convert and Import cut by) can never be sent.
  const bytes = exceeds(recordJson, largestRecordBytes(jobSizeBytes));
  if (bytes === null) return;
  issues.push({
    path: '',
    code: 'record.size',
    severity: 'error',
    message: `This user is ${bytes} bytes as JSON; one import job takes at most ${jobSizeBytes} bytes.`,
    hint: 'Shrink the metadata of this user (or import it without metadata and set that later).',
  });
}

/**
 * Adds the checks beyond the schema for one record (as it would be imported) to `issues`. `sourceLength` is the
 * length of the JSON text the record was parsed from when `record` is exactly that value, else -1: it bounds the
 * record's size, so a typical record is never serialized here. Returns the record's JSON when it had to be
 * serialized (the caller can reuse it), else undefined.
 */
export function addExtraIssues(
  issues: Issue[],
  record: Record<string, unknown>,
  fixing: boolean,
  jobSizeBytes: number,
  sourceLength: number,
): string | undefined {
  userIdIssues(issues, record.user_id, fixing);
  emailCaseIssue(issues, record.email);
  passwordCostIssue(issues, record.password_hash);
  let bound = sourceLength >= 0 ? sourceLength * maxBytesPerSourceChar : Infinity;
  let json: string | undefined;
  if (bound > largestRecordBytes(jobSizeBytes)) {
    json = JSON.stringify(record);
    bound = json.length * 3;
  }
  metadataSizeIssue(issues, record, bound);
  if (json !== undefined) recordSizeIssue(issues, json, jobSizeBytes);
  return json;
}
