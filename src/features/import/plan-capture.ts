/**
 * Turns one workbench check of the import's files into an import plan. The workbench engine reads and checks every
 * record once (its parsers, checker and fixes, unchanged); a thin wrapper around its record checker keeps each
 * checked record's outcome here: the JSON text of a valid record (after fixes) or why an invalid one is left out.
 * Planning then feeds these records, in file order, to core's planChunks and cuts each part's payload.
 * Runs in the import-plan worker: no DOM, no storage.
 */
import type { Finding } from '../../core/findings';
import { buildPayloadText, planChunks, type ImportPlan, type PlanInput } from '../../core/import';
import { identityOfValue } from '../../core/import/record-identity';
import { createRecordChecker } from '../../core/rules/record-checker';
import type { CheckedRecord, RecordChecker, WorkbenchSummary } from '../../core/workbench/contract';
import type { CheckerFactory } from '../../core/workbench/engine';
import type { PlannedPayload } from '../../db/chunk-payloads';

/** One checked record: sent (json) or left out (skip). */
interface CapturedRecord {
  index: number;
  line: number | null;
  email: string | null;
  json?: string;
  skip?: { code: string; reason: string };
}

/** Looks up why a record that never reached the checker (unreadable) was left out. */
export type FindingLookup = (file: string) => Promise<Finding[]>;

export interface PlanResult {
  plan: ImportPlan;
  payloads: PlannedPayload[];
}

/** Collects checked records during a workbench run; one instance per check. */
export class PlanCapture {
  readonly #files = new Map<string, CapturedRecord[]>();

  /** The engine's checker, wrapped so every checked record is kept here in the order it was read. */
  readonly checkerFactory: CheckerFactory = (options) => {
    const inner = createRecordChecker(options);
    const wrapped: RecordChecker = {
      check: (source, file, text) => {
        const checked = inner.check(source, file, text);
        this.#keep(file, source.index, source.line, checked, source.value, text ?? null);
        return checked;
      },
      forgetFile: (file) => {
        inner.forgetFile?.(file);
      },
    };
    return wrapped;
  };

  #keep(
    file: string,
    index: number,
    line: number | null,
    checked: CheckedRecord,
    original: unknown,
    text: string | null,
  ): void {
    const list = this.#files.get(file) ?? [];
    this.#files.set(file, list);
    const email = identityOfValue(checked.value).email;
    if (!checked.valid || checked.value === null) {
      list.push({ index, line, email, skip: skipOf(checked.findings) });
      return;
    }
    // The source text is reused when nothing changed and it is one line (as the engine's import output does).
    const reuse =
      text !== null && checked.value === original && checked.fixes.length === 0 && !text.includes('\n');
    const json = reuse ? text : (checked.json ?? JSON.stringify(checked.value));
    list.push({ index, line, email, json });
  }

  /**
   * Every record of every file, in file order, as planChunks takes them. Records the checker never saw (not
   * readable as a record) and all records of a file that could not be read to its end are skipped with the reason.
   */
  async inputs(summary: WorkbenchSummary, lookup: FindingLookup): Promise<PlanInput[]> {
    const inputs: PlanInput[] = [];
    for (const file of summary.files) {
      const captured = this.#files.get(file.name) ?? [];
      const total = file.counts.total;
      if (file.problem) {
        const reason = `Left out: the file could not be read to its end (${file.problem.message}). Fix the file and import it again.`;
        for (let index = 0; index < total; index++)
          inputs.push({ file: file.name, index, line: null, skip: { code: 'file.unreadable', reason } });
        continue;
      }
      const byIndex = new Map(captured.map((record) => [record.index, record]));
      const unreadable = captured.length < total ? await unreadableReasons(file.name, lookup) : new Map();
      for (let index = 0; index < total; index++) {
        const record = byIndex.get(index);
        if (record) {
          inputs.push({ file: file.name, ...record });
          continue;
        }
        const finding = unreadable.get(index);
        inputs.push({
          file: file.name,
          index,
          line: finding?.line ?? null,
          skip: finding
            ? reasonOf(finding)
            : { code: 'record.unreadable', reason: 'This record could not be read.' },
        });
      }
    }
    return inputs;
  }

  /** Records that pass the checks, over all files. */
  get validCount(): number {
    let count = 0;
    for (const list of this.#files.values())
      for (const record of list) if (record.json !== undefined) count++;
    return count;
  }
}

function skipOf(findings: readonly Finding[]): { code: string; reason: string } {
  const error = findings.find((finding) => finding.severity === 'error') ?? findings[0];
  return error ? reasonOf(error) : { code: 'record.invalid', reason: 'The record failed the checks.' };
}

/** The checker's finding as a skip reason that names the field and says how to fix it. */
function reasonOf(finding: Finding): { code: string; reason: string } {
  const field = finding.path ? ` (field ${finding.path.replace(/^\//, '').replace(/\//g, '.')})` : '';
  const hint = finding.hint ? ` ${finding.hint}` : '';
  return { code: finding.code, reason: `Left out by the checks${field}: ${finding.message}${hint}` };
}

async function unreadableReasons(file: string, lookup: FindingLookup): Promise<Map<number, Finding>> {
  const byRecord = new Map<number, Finding>();
  for (const finding of await lookup(file)) {
    if (!byRecord.has(finding.record)) byRecord.set(finding.record, finding);
  }
  return byRecord;
}

/** Plans the parts (core's planChunks) and cuts each part's payload from the planned records. */
export async function planWithPayloads(
  inputs: readonly PlanInput[],
  chunkBytes: number,
  fileBytes: Readonly<Record<string, number>>,
): Promise<PlanResult> {
  const plan = await planChunks(inputs, chunkBytes, fileBytes);
  const left = new Set(plan.skipped.map((outcome) => `${outcome.file}\u0000${outcome.record}`));
  const payloads: PlannedPayload[] = [];
  let at = 0;
  for (const chunk of plan.chunks) {
    const jsons: string[] = [];
    const payload: PlannedPayload = {
      chunkIndex: chunk.index,
      file: chunk.file,
      payload: new Blob([]),
      indices: [],
      lines: [],
      lengths: [],
    };
    // Inputs are in file order, like the chunks: walk forward to this chunk's first record.
    while (at < inputs.length && (inputs[at].file !== chunk.file || inputs[at].index < chunk.firstRecord))
      at++;
    for (
      ;
      at < inputs.length && inputs[at].file === chunk.file && inputs[at].index <= chunk.lastRecord;
      at++
    ) {
      const input = inputs[at];
      if (input.json === undefined || left.has(`${input.file}\u0000${input.index}`)) continue;
      jsons.push(input.json);
      payload.indices.push(input.index);
      payload.lines.push(input.line);
      payload.lengths.push(input.json.length);
    }
    payload.payload = new Blob([buildPayloadText(jsons)], { type: 'application/json' });
    payloads.push(payload);
  }
  return { plan, payloads };
}
