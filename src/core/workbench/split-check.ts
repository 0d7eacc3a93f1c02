/**
 * The record check in two steps, so records can be checked on several threads while duplicates are still decided
 * in file order over the whole run: `checkAlone` (any thread) runs the run's checker without its memory of earlier
 * records; `DuplicateResolver` (one per run, on the coordinating thread) then finds the duplicates exactly as the
 * checker would have.
 *
 * The checker (src/core/rules/record-checker.ts) adds its duplicate findings last, with codes `duplicate.<kind>`, and
 * looks keys up unless the check threw (its one finding is then `record.too-deep` or `record.unchecked`). `checkAlone`
 * relies on that: it runs a checker made without duplicate memory (`createAloneChecker`), and the resolver then
 * adds the duplicate findings last, for the same keys.
 * The tests in batched-pass.test.ts compare both paths on the same files, so a change there shows up.
 */
import type { Finding, SourceRecord } from '../findings';
import { createRecordChecker } from '../rules/record-checker';
import { DuplicateIndex, type DuplicateKind, type RecordLocation } from '../rules/duplicate-index';
import type { CheckedRecord, RecordCheckOptions, RecordChecker } from './contract';
import { keyKinds } from './batch-contract';

/** A record as the checker sees it alone: its findings without duplicates, and whether to look its keys up. */
export interface CheckedAlone {
  checked: CheckedRecord;
  findings: Finding[];
  /** No error finding (before duplicates). */
  preValid: boolean;
  /** The checker got as far as the duplicate check (an object, and the checks did not throw). */
  looksUpKeys: boolean;
}

/** The run's checker without its memory of earlier records: it checks each record on its own. */
export function createAloneChecker(options: RecordCheckOptions): RecordChecker {
  return createRecordChecker(options, { duplicates: false });
}

/** Checks one record without regard to earlier ones. Throws what the checker throws. */
export function checkAlone(
  checker: RecordChecker,
  source: SourceRecord,
  file: string,
  text: string | null,
): CheckedAlone {
  const checked = checker.check(source, file, text);
  const findings = checked.findings;
  let preValid = true;
  for (const finding of findings) if (finding.severity === 'error') preValid = false;
  const only = findings.length === 1 ? findings[0].code : '';
  const threw = only === 'record.too-deep' || only === 'record.unchecked';
  return { checked, findings, preValid, looksUpKeys: checked.value !== null && !threw };
}

/** Calls `each` with the record's duplicate keys, in the checker's order. */
export function forEachKey(
  value: Record<string, unknown>,
  each: (kind: DuplicateKind, value: string) => void,
): void {
  for (const kind of keyKinds) {
    const key = value[kind];
    if (typeof key === 'string' && key !== '') each(kind, key);
  }
}

function describeLocation(location: RecordLocation, file: string): string {
  const where = location.file === file ? 'this file' : `"${location.file}"`;
  const line = location.line === null ? '' : `, line ${location.line}`;
  return `record ${location.record + 1} of ${where}${line}`;
}

/** The finding for a record whose key an accepted record (`first`) already has. */
export function duplicateFinding(
  first: RecordLocation,
  kind: DuplicateKind,
  value: string,
  file: string,
  record: number,
  line: number | null,
): Finding {
  return {
    file,
    record,
    line,
    path: `/${kind}`,
    code: `duplicate.${kind}`,
    severity: 'error',
    message: `${kind} "${value.slice(0, 60)}" is already used by ${describeLocation(first, file)}.`,
    hint: `Auth0 rejects a second user with the same ${kind} in one import: merge or remove one of the two (Ferry keeps the first).`,
  };
}

/**
 * The run's memory of accepted records' emails, user ids and usernames (across all its files). Per record, in file
 * order: `begin`, `key` (or `firstWithFingerprint`) for each key (a finding when an earlier accepted record has it),
 * then `end`.
 */
export class DuplicateResolver {
  private readonly index = new DuplicateIndex();
  private found = false;

  begin(): void {
    this.index.clearStaged();
    this.found = false;
  }

  key(kind: DuplicateKind, value: string, file: string, record: number, line: number | null): Finding | null {
    const first = this.index.firstSeen(kind, value);
    if (first === null) return null;
    this.found = true;
    return duplicateFinding(first, kind, value, file, record, line);
  }

  /**
   * `key` for a key whose fingerprint a batch checker computed: where an accepted record has it (null for none, the
   * usual answer). The caller words the finding (`duplicateFinding`, reading the value only then) and passes
   * `end` a record with such a key as not valid.
   */
  firstWithFingerprint(a: number, b: number): RecordLocation | null {
    return this.index.firstSeenFingerprint(a, b);
  }

  /** Whether the record is valid after duplicates; a valid record's keys are remembered. */
  end(preValid: boolean, file: string, record: number, line: number | null): boolean {
    const valid = preValid && !this.found;
    if (valid) this.index.rememberStaged(file, record, line);
    return valid;
  }

  forgetFile(file: string): void {
    this.index.forgetFile(file);
  }

  /** Readies the index for a batch's key fingerprints (see FingerprintTable.touch). */
  touch(hashes: Uint32Array): void {
    this.index.touch(hashes);
  }

  /** See DuplicateIndex.expectRecords. */
  expectRecords(records: number): void {
    this.index.expectRecords(records);
  }

  /** Makes room for about `keys` more keys (an estimate; see DuplicateIndex.reserve). */
  reserve(keys: number): void {
    this.index.reserve(keys);
  }

  /** The run is over: see DuplicateIndex.release. */
  release(): void {
    this.index.release();
  }
}

/**
 * A checker with the same results as `createRecordChecker`, built from the two steps: used for the files of a
 * parallel run that are read on the coordinating thread, so they share the run's duplicate memory.
 */
export function createSplitChecker(options: RecordCheckOptions, resolver: DuplicateResolver): RecordChecker {
  const checker = createAloneChecker(options);
  return {
    check(source, file, text) {
      const alone = checkAlone(checker, source, file, text ?? null);
      const { checked } = alone;
      if (!alone.looksUpKeys || checked.value === null) return { ...checked, findings: alone.findings };
      const findings = alone.findings.slice();
      resolver.begin();
      forEachKey(checked.value, (kind, value) => {
        const duplicate = resolver.key(kind, value, file, source.index, source.line);
        if (duplicate) findings.push(duplicate);
      });
      const valid = resolver.end(alone.preValid, file, source.index, source.line);
      return { ...checked, findings, valid };
    },
    forgetFile: (file) => resolver.forgetFile(file),
    expectRecords: (records) => resolver.expectRecords(records),
    release: () => resolver.release(),
  };
}
