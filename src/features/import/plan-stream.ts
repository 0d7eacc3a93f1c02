/**
 * Plans an import from its checked files in one streaming pass, for a part size other than the check's (with the
 * check's, plan-from-check.ts plans from the parts it wrote). The workbench engine reads and checks the files
 * again (its parsers, checker and fixes, unchanged); a thin wrapper around its record checker hands every checked
 * record to core's planner as it comes out, and each part's payload Blob is made as soon as the part is full. So
 * memory is bounded by one part, not by the file. The earlier check (its summary and findings) says which files to
 * leave out and why records that never reached the checker were skipped. Runs in the import-plan worker.
 */
import type { Finding } from '../../core/findings';
import { planWithPayloads, type PlanInput, type PlanWithPayloads } from '../../core/import';
import { identityOfValue } from '../../core/import/record-identity';
import { createRecordChecker } from '../../core/rules/record-checker';
import type {
  CheckedRecord,
  FileReport,
  RecordChecker,
  WorkbenchApi,
  WorkbenchInput,
  WorkbenchOptions,
  WorkbenchSummary,
} from '../../core/workbench/contract';
import { createWorkbench, type CheckerFactory } from '../../core/workbench/engine';
import { RecordChannel } from './record-channel';

/**
 * How the Import screen reads files (fixes on: exports are converted on the way). Planning by reading again writes
 * nothing out; the check itself also writes the parts (`importCheckRunOptions` in plan-from-check.ts).
 */
export const importCheckOptions: WorkbenchOptions = {
  target: 'import',
  splitBytes: 450_000,
  fix: true,
  convert: false,
};

/** Looks up the error findings of one file in the check (for records that never reached the checker). */
export type FindingLookup = (file: string) => Promise<Finding[]>;

/** The check the plan follows: its files, its summary and its findings. */
export interface CheckedFiles {
  inputs: readonly WorkbenchInput[];
  summary: WorkbenchSummary;
  lookup: FindingLookup;
}

export interface PlanResult extends PlanWithPayloads {
  /** The most checked records that waited for the planner at once: a measure that memory stayed bounded. */
  peakWaiting: number;
}

/** One checked record, as the planning pass hands it to the planner. */
type CheckedInput = PlanInput & { email: string | null };

/** Checks the files again and plans their parts as the records come out; throws when a file changed since its check. */
export async function planImport(
  checked: CheckedFiles,
  chunkBytes: number,
  createEngine: (factory: CheckerFactory) => WorkbenchApi = createWorkbench,
): Promise<PlanResult> {
  const channel = new RecordChannel<CheckedInput>();
  const engine = createEngine(planningChecker(channel));
  const readable = new Set(checked.summary.files.filter((file) => !file.problem).map((file) => file.name));
  const pass = engine.run(
    checked.inputs.filter((input) => readable.has(input.name)),
    importCheckOptions,
    () => {},
  );
  pass.then(
    () => channel.end(),
    (error: unknown) => channel.fail(error),
  );
  const sizes = Object.fromEntries(checked.summary.files.map((file) => [file.name, file.bytes]));
  try {
    const planned = await planWithPayloads(inFileOrder(channel, checked), chunkBytes, sizes);
    assertUnchanged(checked.summary.files, (await pass).files);
    return { ...planned, peakWaiting: channel.peak };
  } catch (error) {
    engine.cancel();
    await pass.catch(() => undefined);
    throw error;
  }
}

/** The engine's checker, wrapped so every checked record also goes to the planner. */
function planningChecker(channel: RecordChannel<CheckedInput>): CheckerFactory {
  return (options) => {
    const inner = createRecordChecker(options);
    const wrapped: RecordChecker = {
      check: (source, file, text) => {
        const checked = inner.check(source, file, text);
        channel.push(checkedInput(file, source.index, source.line, checked, source.value, text ?? null));
        return checked;
      },
      forgetFile: (file) => inner.forgetFile?.(file),
    };
    return wrapped;
  };
}

function checkedInput(
  file: string,
  index: number,
  line: number | null,
  checked: CheckedRecord,
  original: unknown,
  text: string | null,
): CheckedInput {
  const email = identityOfValue(checked.value).email;
  if (!checked.valid || checked.value === null)
    return { file, index, line, email, skip: skipOf(checked.findings) };
  // The source text is reused when nothing changed and it is one line (as the engine's import output does).
  const reuse =
    text !== null && checked.value === original && checked.fixes.length === 0 && !text.includes('\n');
  return { file, index, line, email, json: reuse ? text : (checked.json ?? JSON.stringify(checked.value)) };
}

/**
 * Every record of every file, in file order, as planChunks takes them. Records the checker never saw (not readable
 * as a record) are skipped with the check's reason, and all records of a file that could not be read to its end.
 */
async function* inFileOrder(
  records: AsyncIterable<CheckedInput>,
  checked: CheckedFiles,
): AsyncGenerator<PlanInput, void, undefined> {
  const iterator = records[Symbol.asyncIterator]();
  let next = await iterator.next();
  for (const file of checked.summary.files) {
    const total = file.counts.total;
    if (file.problem) {
      const skip = unreadableFileSkip(file);
      for (let index = 0; index < total; index++) yield { file: file.name, index, line: null, skip };
      continue;
    }
    const gaps = new GapFiller(file, checked.lookup);
    for (; !next.done && next.value.file === file.name; next = await iterator.next()) {
      const record = next.value;
      if (record.index >= total || record.index < gaps.next) throw changedSinceCheck(file.name);
      yield* await gaps.until(record.index);
      yield record;
    }
    yield* await gaps.until(total);
  }
  if (!next.done) throw changedSinceCheck(next.value.file);
}

/** Skips, with the check's reason, the records of one file that never reached the checker. */
class GapFiller {
  next = 0;
  #reasons: Map<number, Finding> | null = null;
  readonly #file: FileReport;
  readonly #lookup: FindingLookup;

  constructor(file: FileReport, lookup: FindingLookup) {
    this.#file = file;
    this.#lookup = lookup;
  }

  /** The skipped records from `next` up to (not including) `index`. */
  async until(index: number): Promise<PlanInput[]> {
    if (index <= this.next) {
      this.next = Math.max(this.next, index + 1);
      return [];
    }
    const reasons = (this.#reasons ??= await firstErrorByRecord(this.#file.name, this.#lookup));
    const skipped: PlanInput[] = [];
    for (; this.next < index; this.next++) {
      const finding = reasons.get(this.next);
      skipped.push({
        file: this.#file.name,
        index: this.next,
        line: finding?.line ?? null,
        skip: finding
          ? reasonOf(finding)
          : { code: 'record.unreadable', reason: 'This record could not be read.' },
      });
    }
    this.next = index + 1;
    return skipped;
  }
}

function assertUnchanged(before: readonly FileReport[], after: readonly FileReport[]): void {
  const now = new Map(after.map((file) => [file.name, file]));
  for (const file of before) {
    if (file.problem) continue;
    const again = now.get(file.name);
    if (!again || again.problem || again.counts.total !== file.counts.total)
      throw changedSinceCheck(file.name);
  }
}

/** Why every record of a file that could not be read to its end is left out. */
export function unreadableFileSkip(file: FileReport): { code: string; reason: string } {
  const message = file.problem?.message ?? 'unknown problem';
  return {
    code: 'file.unreadable',
    reason: `Left out: the file could not be read to its end (${message}). Fix the file and import it again.`,
  };
}

const changedSinceCheck = (name: string): Error =>
  new Error(`"${name}" changed since it was checked. Remove it and add it again to check it anew.`);

function skipOf(findings: readonly Finding[]): { code: string; reason: string } {
  const error = findings.find((finding) => finding.severity === 'error') ?? findings[0];
  return error ? reasonOf(error) : { code: 'record.invalid', reason: 'The record failed the checks.' };
}

/** The checker's finding as a skip reason that names the field and says how to fix it. */
export function reasonOf(finding: Finding): { code: string; reason: string } {
  const field = finding.path ? ` (field ${finding.path.replace(/^\//, '').replace(/\//g, '.')})` : '';
  const hint = finding.hint ? ` ${finding.hint}` : '';
  return { code: finding.code, reason: `Left out by the checks${field}: ${finding.message}${hint}` };
}

/** The first error finding of each record of `file` that has one. */
export async function firstErrorByRecord(file: string, lookup: FindingLookup): Promise<Map<number, Finding>> {
  const byRecord = new Map<number, Finding>();
  for (const finding of await lookup(file)) {
    if (!byRecord.has(finding.record)) byRecord.set(finding.record, finding);
  }
  return byRecord;
}
