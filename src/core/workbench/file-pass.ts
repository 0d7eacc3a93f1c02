import { emptyCounts, type Finding, type RecordCounts, type SourceRecord } from '../findings';
import { FileProblemError } from '../formats/file-problem';
import { readFileRecords } from '../formats/read-file';
import type { ReadIssue, RecordSink } from '../formats/record-reader';
import type { ConvertedOutput } from './converted-output';
import type { FileReport, FixCount, RecordChecker } from './contract';
import type { FindingStore } from './finding-store';

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
  let bytesRead = 0;
  try {
    const stream = context.blob.stream() as ReadableStream<Uint8Array>;
    const result = await readFileRecords(stream, {
      sink,
      onFormat: (format, compressed) => {
        report.format = format;
        report.compressed = compressed;
      },
      onBytes: (bytes) => {
        bytesRead = bytes;
      },
      isCancelled: context.isCancelled,
      onChunkDone: () => context.onChunk(report.counts.total, bytesRead),
    });
    report.cancelled = result.cancelled;
  } catch (error) {
    report.problem = { file: context.name, ...faultOf(error) };
  }
  report.fixes = [...fixes.values()];
  return report;
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

function recordSink(
  context: FilePassContext,
  counts: RecordCounts,
  fixes: Map<string, FixCount>,
): RecordSink {
  const addFinding = (finding: Finding): void => {
    context.store.add(finding, context.fileIndex);
    context.onFindingCounted(finding);
  };
  const unreadable = (index: number, line: number | null, issue: ReadIssue, path = ''): void => {
    counts.total++;
    counts.invalid++;
    addFinding({ file: context.name, record: index, line, path, severity: 'error', ...issue });
  };
  return {
    unreadable,
    record(source: SourceRecord, text: string | null): void {
      const checked = checkSafely(context, source);
      if (checked === null) {
        unreadable(source.index, source.line, {
          code: 'record.check-failed',
          message: `Record ${source.index + 1} could not be checked (it may be nested too deeply).`,
          hint: 'Look at this record: user records are flat objects with small metadata objects.',
        });
        return;
      }
      for (const finding of checked.findings) addFinding(finding);
      let valid = checked.valid;
      if (checked.value !== null && context.output.wants(valid)) {
        const reuse = text !== null && checked.value === source.value && checked.fixes.length === 0;
        // Pretty-printed array elements are re-serialized so the output keeps one record per line.
        const json = reuse && text.indexOf('\n') === -1 ? text : serialize(checked.value);
        if (json === null || !context.output.add(checked.value, json)) {
          valid = false;
          addFinding(json === null ? unserializable(context, source) : tooLarge(context, source));
        }
      }
      counts.total++;
      if (!valid) counts.invalid++;
      else if (checked.fixes.length > 0) counts.fixed++;
      else counts.valid++;
      for (const fix of checked.fixes) countFix(fixes, fix.code, fix.description);
    },
  };
}

function checkSafely(
  context: FilePassContext,
  source: SourceRecord,
): ReturnType<RecordChecker['check']> | null {
  try {
    return context.checker.check(source, context.name);
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

function unserializable(context: FilePassContext, source: SourceRecord): Finding {
  return {
    file: context.name,
    record: source.index,
    line: source.line,
    path: '',
    code: 'record.unserializable',
    severity: 'error',
    message: `Record ${source.index + 1} cannot be written out as JSON (it is probably nested too deeply).`,
    hint: 'Look at this record: user records are flat objects with small metadata objects.',
  };
}

function tooLarge(context: FilePassContext, source: SourceRecord): Finding {
  return {
    file: context.name,
    record: source.index,
    line: source.line,
    path: '',
    code: 'record.too-large',
    severity: 'error',
    message: `Record ${source.index + 1} is larger than an import part may be (${context.splitBytes} bytes).`,
    hint: 'Make the record smaller (usually its metadata), or raise the part size up to the API limit.',
  };
}

function countFix(fixes: Map<string, FixCount>, code: string, description: string): void {
  const known = fixes.get(code);
  if (known) known.records++;
  else fixes.set(code, { code, description, records: 1 });
}
