/**
 * Plans an import from its check alone, when the check wrote the import parts (`placements: true`) with the part
 * size the run asks for: the parts the check wrote are the jobs' payloads, the placements say which records each
 * holds, and every other record is skipped with the check's reason. No file is read again. planImport
 * (plan-stream.ts) reads the files a second time instead, for any other part size; both cut the same parts, because
 * the engine's splitter and core's planner count a part's bytes by the same rule (json-array-part.ts), and
 * plan-from-check.test.ts holds the two plans equal.
 */
import type { PartPayload } from '../../core/import/plan-payloads';
import type { Chunk, ImportFileInfo, RecordOutcome } from '../../core/import/types';
import type { FileReport, WorkbenchOptions } from '../../core/workbench/contract';
import type { RunPlacements, WorkbenchEngine } from '../../core/workbench/engine';
import type { PlacementLedger } from '../../core/formats/part-placements';
import {
  importCheckOptions,
  planImport,
  reasonOf,
  unreadableFileSkip,
  firstErrorByRecord,
  type CheckedFiles,
  type PlanResult,
} from './plan-stream';

/** How the Import screen checks files: as plan-stream's check, and writing the parts with their placements. */
export const importCheckRunOptions: WorkbenchOptions = {
  ...importCheckOptions,
  convert: true,
  placements: true,
};

/** The plan of the engine's last check: from its own parts for the check's part size, else by reading again. */
export async function planChecked(
  engine: WorkbenchEngine,
  checked: CheckedFiles,
  chunkBytes: number,
): Promise<PlanResult> {
  const placements = chunkBytes === importCheckOptions.splitBytes ? await engine.placements() : null;
  return placements ? planFromCheck(checked, placements) : planImport(checked, chunkBytes);
}

/**
 * The plan of a check that kept its placements: one chunk per part it wrote, in order, and every other record of
 * each file skipped. Nothing streams through here, so no record ever waits (`peakWaiting` 0).
 */
export async function planFromCheck(checked: CheckedFiles, placements: RunPlacements): Promise<PlanResult> {
  const { ledger, parts } = placements;
  if (parts.length !== ledger.parts.length)
    throw new Error('The checked parts and their records disagree: check the files again.');
  const chunks: Chunk[] = [];
  const payloads: PartPayload[] = [];
  for (const [index, part] of ledger.parts.entries()) {
    const indices = Array.from(ledger.indices.subarray(part.start, part.end));
    const lines = Array.from(ledger.lines.subarray(part.start, part.end), (line) => (line < 0 ? null : line));
    chunks.push({
      index,
      file: part.file,
      firstRecord: indices[0],
      lastRecord: indices[indices.length - 1],
      recordCount: indices.length,
      bytes: parts[index].size,
      status: 'planned',
      attempts: 0,
      submittedAt: null,
      finishedAt: null,
    });
    payloads.push({ chunkIndex: index, file: part.file, payload: parts[index], indices, lines });
  }
  const files: ImportFileInfo[] = [];
  const skipped: RecordOutcome[] = [];
  for (const file of checked.summary.files) {
    if (file.counts.total === 0) continue;
    files.push({ name: file.name, records: file.counts.total, bytes: file.bytes });
    skipped.push(...(await skippedOf(file, ledger, checked)));
  }
  return { plan: { files, chunks, skipped }, payloads, peakWaiting: 0 };
}

/** The records of `file` that are in none of its parts, in file order, each with the check's reason. */
async function skippedOf(
  file: FileReport,
  ledger: PlacementLedger,
  checked: CheckedFiles,
): Promise<RecordOutcome[]> {
  // A file's parts follow one another, so its placed records are one run of the ledger, in file order.
  const parts = ledger.parts.filter((part) => part.file === file.name);
  let placedAt = parts.length > 0 ? parts[0].start : 0;
  const placedEnd = parts.length > 0 ? parts[parts.length - 1].end : 0;
  const emails = new Map<number, string>();
  for (const left of ledger.leftOut) if (left.file === file.name) emails.set(left.index, left.email);
  const reasons = file.problem ? null : await firstErrorByRecord(file.name, checked.lookup);
  const unreadable = file.problem ? unreadableFileSkip(file) : null;
  const skipped: RecordOutcome[] = [];
  for (let index = 0; index < file.counts.total; index++) {
    if (placedAt < placedEnd && ledger.indices[placedAt] === index) {
      placedAt++;
      continue;
    }
    const finding = reasons?.get(index);
    const skip =
      unreadable ??
      (finding
        ? reasonOf(finding)
        : { code: 'record.invalid', reason: 'Left out by the checks: the record failed them.' });
    skipped.push({
      file: file.name,
      record: index,
      line: finding?.line ?? null,
      email: emails.get(index) ?? null,
      outcome: 'skipped',
      chunk: null,
      code: skip.code,
      field: null,
      reason: skip.reason,
    });
  }
  return skipped;
}
