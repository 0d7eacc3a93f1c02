/**
 * The record checker the workbench engine calls once per record: safe fixes (when on), the generated schema
 * validator, the checks beyond the schema, and duplicates across every file of the run.
 */
import type { Finding, SourceRecord } from '../findings';
import type { AppliedFix, CheckedRecord, RecordCheckOptions, RecordChecker } from '../workbench/contract';
import { fixExportedUser, needsFix } from '../convert/export-to-import';
import validateImportUser from '../schema/generated/validate-import-user.js';
import validateFirstError from '../schema/generated/validate-import-user-fast.js';
import { DuplicateIndex, duplicateKinds, type RecordLocation } from './duplicate-index';
import { addExtraIssues } from './extra-checks';
import { metadataKeysAreSafe } from './metadata-keys';
import type { Issue } from './issue';
import { schemaIssues } from './schema-findings';

function describeLocation(location: RecordLocation, file: string): string {
  const where = location.file === file ? 'this file' : `"${location.file}"`;
  const line = location.line === null ? '' : `, line ${location.line}`;
  return `record ${location.record + 1} of ${where}${line}`;
}

/** Adds a finding per key an earlier accepted record already has; new keys are staged in the index. */
function addDuplicateIssues(
  issues: Issue[],
  index: DuplicateIndex,
  record: Record<string, unknown>,
  file: string,
): void {
  for (const kind of duplicateKinds) {
    const value = record[kind];
    if (typeof value !== 'string' || value === '') continue;
    const first = index.firstSeen(kind, value);
    if (first === null) continue;
    issues.push({
      path: `/${kind}`,
      code: `duplicate.${kind}`,
      severity: 'error',
      message: `${kind} "${value.slice(0, 60)}" is already used by ${describeLocation(first, file)}.`,
      hint: `Auth0 rejects a second user with the same ${kind} in one import: merge or remove one of the two (Ferry keeps the first).`,
    });
  }
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

/**
 * Schema errors: the validator that stops at the first error runs first, with the metadata key walk it leaves out;
 * most records pass both. Otherwise the exact validator decides and words the findings.
 */
function addSchemaIssues(issues: Issue[], value: Record<string, unknown>, fixing: boolean): void {
  if ((validateFirstError(value) && metadataKeysAreSafe(value)) || validateImportUser(value)) return;
  for (const issue of schemaIssues(validateImportUser.errors ?? [], value, fixing)) issues.push(issue);
}

function hasError(issues: readonly Issue[]): boolean {
  for (const issue of issues) if (issue.severity === 'error') return true;
  return false;
}

/**
 * Creates a checker for one run: it remembers the keys of accepted records to find duplicates across files. With
 * `duplicates: false` it checks each record on its own and remembers nothing (batch checkers: the run's one
 * DuplicateResolver decides duplicates from the fingerprints they send).
 */
export function createRecordChecker(
  options: RecordCheckOptions,
  { duplicates: findDuplicates = true }: { duplicates?: boolean } = {},
): RecordChecker {
  const duplicates = findDuplicates ? new DuplicateIndex() : null;
  return {
    check(source: SourceRecord, file: string, text?: string | null): CheckedRecord {
      const input = source.value;
      if (input === null || typeof input !== 'object' || Array.isArray(input)) {
        const finding = { file, record: source.index, line: source.line, ...notAnObject(input) };
        return { value: null, findings: [finding], fixes: [], valid: false };
      }
      let value = input as Record<string, unknown>;
      let fixes: AppliedFix[] = [];
      if (options.fix && needsFix(value)) ({ value, fixes } = fixExportedUser(value));
      const issues: Issue[] = [];
      let json: string | undefined;
      duplicates?.clearStaged();
      try {
        addSchemaIssues(issues, value, options.fix);
        const sourceLength = value === input && typeof text === 'string' ? text.length : -1;
        json = addExtraIssues(issues, value, options.fix, options.jobSizeBytes, sourceLength);
        if (duplicates) addDuplicateIssues(issues, duplicates, value, file);
      } catch (error) {
        issues.length = 0;
        issues.push(uncheckable(error));
      }
      const valid = !hasError(issues);
      if (valid) duplicates?.rememberStaged(file, source.index, source.line);
      const findings: Finding[] = [];
      for (const issue of issues) findings.push({ file, record: source.index, line: source.line, ...issue });
      return { value, findings, fixes, valid, json };
    },
    forgetFile(file: string): void {
      duplicates?.forgetFile(file);
    },
    expectRecords(records: number): void {
      duplicates?.expectRecords(records);
    },
    release(): void {
      duplicates?.release();
    },
  };
}
