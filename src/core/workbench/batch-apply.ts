/**
 * The coordinator's half of a parallel pass: a helper's batch result applied in file order, exactly as the
 * single-threaded pass treats each record (file-pass.ts `recordSink`): findings, duplicates across the run,
 * the output, the counts.
 */
import type { Finding, RecordCounts } from '../findings';
import { FileProblemError } from '../formats/file-problem';
import type { DuplicateKind } from '../rules/duplicate-index';
import { keyKinds, recordFlag, type BatchResult } from './batch-contract';
import type { FixCount } from './contract';
import type { ConvertedOutput } from './converted-output';
import type { NdjsonBatch } from './ndjson-batches';
import { tooLarge, unserializable } from './pass-findings';
import type { DuplicateResolver } from './split-check';

export interface BatchApplyContext {
  file: string;
  counts: RecordCounts;
  fixes: Map<string, FixCount>;
  addFinding(finding: Finding): void;
  output: ConvertedOutput;
  splitBytes: number;
  resolver: DuplicateResolver;
}

/** Outputs of a parallel pass never read the value (the CSV output, which does, is not built in parallel). */
const noValue: Record<string, unknown> = Object.freeze({});

/** Applies one batch's records in order; throws a FileProblemError after the last good one if the batch faulted. */
export function applyBatch(result: BatchResult, batch: NdjsonBatch, context: BatchApplyContext): void {
  const { findings, flags, keyCounts } = result;
  let nextFinding = 0;
  let nextKey = 0;
  let keyStart = 0;
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
    if (keyCounts[i] > 0) {
      context.resolver.begin();
      for (let k = 0; k < keyCounts[i]; k++, nextKey++) {
        const keyEnd = result.keyEnds[nextKey];
        const kind: DuplicateKind = keyKinds[result.keyKinds[nextKey]];
        const value = result.keyText.slice(keyStart, keyEnd);
        keyStart = keyEnd;
        const duplicate = context.resolver.key(kind, value, context.file, record, line);
        if (duplicate) context.addFinding(duplicate);
      }
      valid = context.resolver.end(valid, context.file, record, line);
    }
    if (context.output.wants(valid)) valid = addToOutput(result, batch, i, context, valid);
    if (!valid) context.counts.invalid++;
    else if ((flag & recordFlag.fixed) !== 0) context.counts.fixed++;
    else context.counts.valid++;
  }
  for (const fix of result.fixes) countFixes(context.fixes, fix);
  if (result.fault) throw new FileProblemError(result.fault);
}

function addToOutput(
  result: BatchResult,
  batch: NdjsonBatch,
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
  const text = (flag & recordFlag.jsonExtra) !== 0 ? result.extraJson : batch.text;
  if (context.output.add(noValue, text.slice(result.jsonStart[i], result.jsonEnd[i]))) return valid;
  context.addFinding(tooLarge(context.file, source, context.splitBytes));
  return false;
}

function countFixes(fixes: Map<string, FixCount>, fix: FixCount): void {
  const known = fixes.get(fix.code);
  if (known) known.records += fix.records;
  else fixes.set(fix.code, { ...fix });
}
