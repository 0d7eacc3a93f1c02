/**
 * The record checker the workbench engine calls once per record: safe fixes (when on), the generated schema
 * validator, the checks beyond the schema, and duplicates across every file of the run.
 */
import type { Finding, SourceRecord } from '../findings';
import type { AppliedFix, CheckedRecord, RecordCheckOptions, RecordChecker } from '../workbench/contract';
import { fixExportedUser } from '../convert/export-to-import';
import validateImportUser from '../schema/generated/validate-import-user.js';
import { DuplicateIndex, duplicateKey, type DuplicateKind, type RecordLocation } from './duplicate-index';
import { extraIssues } from './extra-checks';
import type { Issue } from './issue';
import { schemaIssues } from './schema-findings';

const duplicateKinds: readonly DuplicateKind[] = ['email', 'user_id', 'username'];

function describeLocation(location: RecordLocation, file: string): string {
  const where = location.file === file ? 'this file' : `"${location.file}"`;
  const line = location.line === null ? '' : `, line ${location.line}`;
  return `record ${location.record + 1} of ${where}${line}`;
}

/** Duplicate findings, and the keys to remember if the record turns out valid. */
function findDuplicates(
  index: DuplicateIndex,
  record: Record<string, unknown>,
  file: string,
): { issues: Issue[]; keys: Array<[DuplicateKind, string]> } {
  const issues: Issue[] = [];
  const keys: Array<[DuplicateKind, string]> = [];
  for (const kind of duplicateKinds) {
    const value = record[kind];
    if (typeof value !== 'string' || value === '') continue;
    const key = duplicateKey(kind, value);
    const first = index.firstSeen(kind, key);
    if (first === null) {
      keys.push([kind, key]);
      continue;
    }
    issues.push({
      path: `/${kind}`,
      code: `duplicate.${kind}`,
      severity: 'error',
      message: `${kind} "${value.slice(0, 60)}" is already used by ${describeLocation(first, file)}.`,
      hint: `Auth0 rejects a second user with the same ${kind} in one import: merge or remove one of the two (Ferry keeps the first).`,
    });
  }
  return { issues, keys };
}

function notAnObject(value: unknown): Issue {
  const what = value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
  return {
    path: '',
    code: 'record.type',
    severity: 'error',
    message: `This record is ${what}; each user must be a JSON object ({"email": ...}).`,
    hint: 'Make every entry of the file an object with at least an "email" key.',
  };
}

// JSON.parse accepts nesting deeper than the recursive validator (and JSON.stringify) can walk: such a record gets
// one finding instead of crashing the run.
function uncheckable(error: unknown): Issue {
  const tooDeep = error instanceof RangeError;
  return {
    path: '',
    code: tooDeep ? 'record.too-deep' : 'record.unchecked',
    severity: 'error',
    message: tooDeep
      ? 'This record nests objects or lists too deeply to be checked (thousands of levels).'
      : `This record could not be checked: ${error instanceof Error ? error.message : String(error)}.`,
    hint: 'Flatten the metadata of this user: Auth0 profiles hold a few levels of nesting, not thousands.',
  };
}

function checkObject(
  value: Record<string, unknown>,
  file: string,
  options: RecordCheckOptions,
  duplicates: DuplicateIndex,
): { issues: Issue[]; keys: Array<[DuplicateKind, string]> } {
  const issues = validateImportUser(value)
    ? []
    : schemaIssues(validateImportUser.errors ?? [], value, options.fix);
  issues.push(...extraIssues(value, options.fix, options.jobSizeBytes));
  const found = findDuplicates(duplicates, value, file);
  issues.push(...found.issues);
  return { issues, keys: found.keys };
}

/** Creates a checker for one run: it remembers the keys of accepted records to find duplicates across files. */
export function createRecordChecker(options: RecordCheckOptions): RecordChecker {
  const duplicates = new DuplicateIndex();
  return {
    check(source: SourceRecord, file: string): CheckedRecord {
      const toFinding = (issue: Issue): Finding => ({
        file,
        record: source.index,
        line: source.line,
        ...issue,
      });
      const input = source.value;
      if (input === null || typeof input !== 'object' || Array.isArray(input)) {
        return { value: null, findings: [toFinding(notAnObject(input))], fixes: [], valid: false };
      }
      let value = input as Record<string, unknown>;
      let fixes: AppliedFix[] = [];
      if (options.fix) ({ value, fixes } = fixExportedUser(value));
      let issues: Issue[];
      let keys: Array<[DuplicateKind, string]> = [];
      try {
        ({ issues, keys } = checkObject(value, file, options, duplicates));
      } catch (error) {
        issues = [uncheckable(error)];
      }
      const valid = !issues.some((issue) => issue.severity === 'error');
      if (valid) duplicates.remember(keys, { file, record: source.index, line: source.line });
      return { value, findings: issues.map(toFinding), fixes, valid };
    },
  };
}
