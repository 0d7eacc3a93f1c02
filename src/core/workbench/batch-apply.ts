/**
 * The coordinator's half of a batched pass: a batch checker's result applied in file order, exactly as the
 * record-by-record pass treats each record (file-pass.ts `recordSink`): findings, duplicates across the run,
 * the output (bytes copied), the counts.
 */
import type { Finding, RecordCounts } from '../findings';
import { fixExportedUser, needsFix } from '../convert/export-to-import';
import { FileProblemError } from '../formats/file-problem';
import type { DuplicateKind, RecordLocation } from '../rules/duplicate-index';
import { keyKinds, recordFlag, type BatchResult } from './batch-contract';
import type { FixCount } from './contract';
import type { ConvertedOutput } from './converted-output';
import type { RecordBatch } from './batch-contract';
import { tooLarge, unserializable } from './pass-findings';
import { duplicateFinding, type DuplicateResolver } from './split-check';

export interface BatchApplyContext {
  file: string;
  counts: RecordCounts;
  fixes: Map<string, FixCount>;
  addFinding(finding: Finding): void;
  output: ConvertedOutput;
  splitBytes: number;
  resolver: DuplicateResolver;
  /** Whether the run fixes records (a duplicate's value is read from the record as the checker saw it). */
  fix: boolean;
}

const decoder = new TextDecoder();

/**
 * A key's value, for a duplicate's message: read again from the record's line (and fixed again when the checker
 * fixed it), as the checker saw it. Only duplicates need it, so values never travel with the results.
 */
function keyValue(
  result: BatchResult,
  batch: RecordBatch,
  i: number,
  kind: DuplicateKind,
  fix: boolean,
): string {
  let value = JSON.parse(
    decoder.decode(batch.bytes.subarray(result.lineStart[i], result.lineEnd[i])),
  ) as Record<string, unknown>;
  if (fix && (result.flags[i] & recordFlag.fixed) !== 0 && needsFix(value))
    value = fixExportedUser(value).value;
  const key = value[kind];
  return typeof key === 'string' ? key : '';
}

/** A key of a batch's record that an accepted record already has (rare), from `resolveDuplicates`. */
interface DuplicateHit {
  /** The record's index in the batch, and which of the batch's keys it is. */
  i: number;
  key: number;
  first: RecordLocation;
}

/**
 * Looks up every key of the batch, record by record in file order, and remembers those of records that stay valid,
 * as the per-record check does; returns the keys found taken. Done in one tight loop right after `touch` has
 * brought the keys' slots of the index into the CPU's caches: interleaved with each record's output (a megabyte of
 * copying per batch), the lookups found their slots evicted again.
 */
function resolveDuplicates(
  result: BatchResult,
  batch: RecordBatch,
  file: string,
  resolver: DuplicateResolver,
): DuplicateHit[] {
  const { flags, keyCounts, keyHashes } = result;
  resolver.touch(keyHashes);
  const hits: DuplicateHit[] = [];
  let nextKey = 0;
  for (let i = 0; i < result.records; i++) {
    const keys = keyCounts[i];
    if (keys === 0) continue;
    if ((flags[i] & recordFlag.checked) === 0) {
      nextKey += keys;
      continue;
    }
    resolver.begin();
    let taken = false;
    for (let k = 0; k < keys; k++, nextKey++) {
      const first = resolver.firstWithFingerprint(keyHashes[nextKey * 2], keyHashes[nextKey * 2 + 1]);
      if (first === null) continue;
      hits.push({ i, key: nextKey, first });
      taken = true;
    }
    resolver.end(
      (flags[i] & recordFlag.preValid) !== 0 && !taken,
      file,
      batch.firstRecord + i,
      result.lines[i],
    );
  }
  return hits;
}

/** Applies one batch's records in order; throws a FileProblemError after the last good one if the batch faulted. */
export function applyBatch(result: BatchResult, batch: RecordBatch, context: BatchApplyContext): void {
  const { findings, flags } = result;
  const hits = resolveDuplicates(result, batch, context.file, context.resolver);
  let nextFinding = 0;
  let nextHit = 0;
  for (let i = 0; i < result.records; i++) {
    const record = batch.firstRecord + i;
    const line = result.lines[i];
    while (nextFinding < findings.length && findings[nextFinding].record === record) {
      context.addFinding(findings[nextFinding++]);
    }
    const flag = flags[i];
    context.counts.total++;
    if ((flag & recordFlag.checked) === 0) {
      context.counts.invalid++;
      continue;
    }
    let valid = (flag & recordFlag.preValid) !== 0;
    for (; nextHit < hits.length && hits[nextHit].i === i; nextHit++) {
      const { key, first } = hits[nextHit];
      const kind: DuplicateKind = keyKinds[result.keyKinds[key]];
      const value = keyValue(result, batch, i, kind, context.fix);
      context.addFinding(duplicateFinding(first, kind, value, context.file, record, line));
      valid = false;
    }
    if (context.output.wants(valid)) valid = addToOutput(result, batch, i, context, valid);
    if (!valid) {
      context.counts.invalid++;
      noteLeftOut(result, batch, i, context);
    } else if ((flag & recordFlag.fixed) !== 0) context.counts.fixed++;
    else context.counts.valid++;
  }
  for (const fix of result.fixes) countFixes(context.fixes, fix);
  if (result.fault) throw new FileProblemError(result.fault);
}

function addToOutput(
  result: BatchResult,
  batch: RecordBatch,
  i: number,
  context: BatchApplyContext,
  valid: boolean,
): boolean {
  const flag = result.flags[i];
  const source = { index: batch.firstRecord + i, line: result.lines[i], value: null };
  if ((flag & recordFlag.hasJson) === 0) {
    context.addFinding(unserializable(context.file, source));
    return false;
  }
  const json =
    (flag & recordFlag.jsonExtra) !== 0
      ? result.extraJson.subarray(result.extraStart[i], result.extraEnd[i])
      : batch.bytes.subarray(result.lineStart[i], result.lineEnd[i]);
  if (context.output.addBytes(json, { index: source.index, line: source.line })) return valid;
  context.addFinding(tooLarge(context.file, source, context.splitBytes));
  return false;
}

/** For the Import screen's outcome list: the email of a checked record that goes into no part, read again. */
function noteLeftOut(result: BatchResult, batch: RecordBatch, i: number, context: BatchApplyContext): void {
  const placements = context.output.placements;
  if (placements === null) return;
  const email = keyValue(result, batch, i, 'email', context.fix);
  placements.noteLeftOut(batch.firstRecord + i, email === '' ? null : email.toLowerCase());
}

function countFixes(fixes: Map<string, FixCount>, fix: FixCount): void {
  const known = fixes.get(fix.code);
  if (known) known.records += fix.records;
  else fixes.set(fix.code, { ...fix });
}
