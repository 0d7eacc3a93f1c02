import { emptyCounts, type Finding, type RecordCounts, type SourceRecord } from '../findings';
import { FileProblemError } from '../formats/file-problem';
import { identityOfValue } from '../import/record-identity';
import { readFileRecords, type ReadFileHooks } from '../formats/read-file';
import type { ReadIssue, RecordSink } from '../formats/record-reader';
import type { ConvertedOutput } from './converted-output';
import { readFileInBatches } from './batched-read';
import type { FileReport, FixCount, RecordChecker } from './contract';
import type { FindingStore } from './finding-store';
import { batchPlan, type BatchedPass } from './batched-pass';
import { estimateFromSample } from './file-estimate';
import { checkFailed, heldBackFinding, tooLarge, unserializable } from './pass-findings';

/** What one file's pass needs from the run. */
export interface FilePassContext {
  name: string;
  blob: Blob;
  fileIndex: number;
  checker: RecordChecker;
  store: FindingStore;
  output: ConvertedOutput;
  /** The import part limit, for the message when a record does not fit. */
  splitBytes: number;
  onFindingCounted(finding: Finding): void;
  /** Called after every chunk with the records and raw bytes so far; may await (to let messages in). */
  onChunk(records: number, bytesRead: number): Promise<void> | void;
  isCancelled(): boolean;
  /**
   * Check NDJSON and JSON array records in batches (see batched-read.ts), on helper threads or this one; the
   * checker above then shares the batches' duplicate resolver.
   */
  batched?: BatchedPass;
}

/**
 * Reads one file once: every record is checked, counted in exactly one of valid/fixed/invalid/skipped, its findings
 * stored, and (when it qualifies) appended to the converted output.
 */
export async function runFilePass(context: FilePassContext): Promise<FileReport> {
  const report: FileReport = {
    name: context.name,
    format: null,
    compressed: false,
    bytes: context.blob.size,
    counts: emptyCounts(),
    fixes: [],
    problem: null,
    cancelled: false,
  };
  const fixes = new Map<string, FixCount>();
  const sink = recordSink(context, report.counts, fixes);
  const rollback = context.output.checkpoint();
  let bytesRead = 0;
  let expected = false;
  try {
    const stream = context.blob.stream() as ReadableStream<Uint8Array>;
    const hooks: ReadFileHooks = {
      sink,
      onFormat: (format, compressed) => {
        report.format = format;
        report.compressed = compressed;
      },
      onBytes: (bytes) => {
        // A new chunk: the records of the ones before it are read, a fair sample of the file.
        if (!expected && sink.records > 0) {
          expected = true;
          expectRest(context, sink.records, bytesRead);
        }
        bytesRead = bytes;
      },
      isCancelled: context.isCancelled,
      onChunkDone: () => context.onChunk(report.counts.total, bytesRead),
    };
    const result = context.batched
      ? await readFileInBatches(stream, hooks, batchPlan(context, context.batched, report.counts, fixes))
      : await readFileRecords(stream, hooks);
    report.cancelled = result.cancelled;
  } catch (error) {
    report.problem = { file: context.name, ...faultOf(error) };
    rollback();
    holdBack(context, report);
  }
  report.fixes = [...fixes.values()];
  return report;
}

/**
 * Once a file read record by record has delivered its first chunk's records, tells the checker how many records the
 * rest likely holds (`estimateFromSample`), so that it makes room for them at once. Bytes are the file's own
 * (compressed ones for gzip, as its size counts them: decompressed records lag behind, so the estimate is low, which
 * only means growing later).
 */
function expectRest(context: FilePassContext, records: number, bytesRead: number): void {
  const rest = estimateFromSample(records, bytesRead, context.blob.size - bytesRead);
  if (rest > 0) context.checker.expectRecords?.(rest);
}

/**
 * A file that fails partway contributes nothing to the outputs (they were rolled back): an import of half a file is
 * worse than none, since the rest would have to be found and sent later. Its good records become `skipped`, with one
 * finding that says why, so every record stays accounted for; its record errors stay reported.
 */
function holdBack(context: FilePassContext, report: FileReport): void {
  context.checker.forgetFile?.(context.name);
  const counts = report.counts;
  if (counts.total === 0) return;
  const held = counts.valid + counts.fixed;
  counts.skipped += held;
  counts.valid = 0;
  counts.fixed = 0;
  const finding = heldBackFinding(context.name, counts.total, report.problem?.line ?? null, held);
  context.store.add(finding, context.fileIndex);
  context.onFindingCounted(finding);
}

function faultOf(error: unknown): Omit<FileReport['problem'] & object, 'file'> {
  if (error instanceof FileProblemError) return error.fault;
  const detail = error instanceof Error ? error.message : String(error);
  return {
    code: 'file.unreadable',
    message: `The file could not be read: ${detail}`,
    hint: 'Check that the file is complete and readable, then add it again.',
    line: null,
    column: null,
    offset: null,
  };
}

/**
 * The sink for records read one by one; `records` counts them (records checked in batches never come here; those of
 * a JSON array after a point the batches stopped at do).
 */
function recordSink(
  context: FilePassContext,
  counts: RecordCounts,
  fixes: Map<string, FixCount>,
): RecordSink & { readonly records: number } {
  let records = 0;
  const addFinding = (finding: Finding): void => {
    context.store.add(finding, context.fileIndex);
    context.onFindingCounted(finding);
  };
  const unreadable = (index: number, line: number | null, issue: ReadIssue, path = ''): void => {
    records++;
    counts.total++;
    counts.invalid++;
    addFinding({ file: context.name, record: index, line, path, severity: 'error', ...issue });
  };
  return {
    get records() {
      return records;
    },
    unreadable,
    record(source: SourceRecord, text: string | null): void {
      records++;
      const checked = checkSafely(context, source, text);
      if (checked === null) {
        counts.total++;
        counts.invalid++;
        addFinding(checkFailed(context.name, source));
        return;
      }
      for (const finding of checked.findings) addFinding(finding);
      let valid = checked.valid;
      if (checked.value !== null && context.output.wants(valid)) {
        const reuse = text !== null && checked.value === source.value && checked.fixes.length === 0;
        // Pretty-printed array elements are re-serialized so the output keeps one record per line.
        const json = reuse && text.indexOf('\n') === -1 ? text : (checked.json ?? serialize(checked.value));
        const at = { index: source.index, line: source.line };
        if (json === null || !context.output.add(checked.value, json, at)) {
          valid = false;
          addFinding(
            json === null
              ? unserializable(context.name, source)
              : tooLarge(context.name, source, context.splitBytes),
          );
        }
      }
      counts.total++;
      if (!valid) {
        counts.invalid++;
        context.output.placements?.noteLeftOut(source.index, identityOfValue(checked.value).email);
      } else if (checked.fixes.length > 0) counts.fixed++;
      else counts.valid++;
      for (const fix of checked.fixes) countFix(fixes, fix.code, fix.description);
    },
  };
}

function checkSafely(
  context: FilePassContext,
  source: SourceRecord,
  text: string | null,
): ReturnType<RecordChecker['check']> | null {
  try {
    return context.checker.check(source, context.name, text);
  } catch {
    // A checker bug or a stack overflow on a pathological record must not end the whole run.
    return null;
  }
}

function serialize(value: Record<string, unknown>): string | null {
  try {
    return JSON.stringify(value);
  } catch {
    return null;
  }
}

function countFix(fixes: Map<string, FixCount>, code: string, description: string): void {
  const known = fixes.get(code);
  if (known) known.records++;
  else fixes.set(code, { code, description, records: 1 });
}
