/**
 * The accounting invariant of a run: every input record of every file ends as exactly one of inserted, updated,
 * imported, failed or skipped. Checked from the stored outcomes in one pass, with one byte per record of memory.
 */
import type { ImportRun, OutcomeCounts, RecordOutcome } from './types';
import { countOutcome, emptyOutcomeCounts } from './types';

export interface RecordRef {
  file: string;
  record: number;
}

export interface AccountingReport {
  /** True when every record has exactly one final outcome and the chunks' counts agree with the records'. */
  balanced: boolean;
  /** Records read from the files. */
  expected: number;
  counts: OutcomeCounts;
  /** Records with no outcome at all (first 20, and how many). */
  missing: RecordRef[];
  missingCount: number;
  /** Records with more than one outcome. */
  duplicateCount: number;
  /** Outcomes naming a file or index the run does not have. */
  strayCount: number;
  /** Chunks whose stored counts differ from their records' outcomes. */
  chunkMismatches: number[];
}

type Outcomes = Iterable<readonly RecordOutcome[]> | AsyncIterable<readonly RecordOutcome[]>;

export async function checkAccounting(run: ImportRun, pages: Outcomes): Promise<AccountingReport> {
  const seen = new Map(run.files.map((file) => [file.name, new Uint8Array(file.records)]));
  const counts = emptyOutcomeCounts();
  const perChunk = new Map<number, OutcomeCounts>();
  let duplicateCount = 0;
  let strayCount = 0;
  for await (const page of pages) {
    for (const outcome of page) {
      const flags = seen.get(outcome.file);
      if (!flags || outcome.record < 0 || outcome.record >= flags.length) {
        strayCount += 1;
        continue;
      }
      if (flags[outcome.record] === 1) duplicateCount += 1;
      flags[outcome.record] = 1;
      countOutcome(counts, outcome.outcome);
      if (outcome.chunk !== null) {
        const chunkCounts = perChunk.get(outcome.chunk) ?? emptyOutcomeCounts();
        countOutcome(chunkCounts, outcome.outcome);
        perChunk.set(outcome.chunk, chunkCounts);
      }
    }
  }
  const { missing, missingCount } = findMissing(seen);
  const chunkMismatches = run.chunks
    .filter((chunk) => chunk.counts !== undefined && !sameCounts(chunk.counts, perChunk.get(chunk.index)))
    .map((chunk) => chunk.index);
  const expected = run.files.reduce((sum, file) => sum + file.records, 0);
  const balanced =
    missingCount === 0 &&
    duplicateCount === 0 &&
    strayCount === 0 &&
    counts.unknown === 0 &&
    chunkMismatches.length === 0;
  return { balanced, expected, counts, missing, missingCount, duplicateCount, strayCount, chunkMismatches };
}

function findMissing(seen: Map<string, Uint8Array>): { missing: RecordRef[]; missingCount: number } {
  const missing: RecordRef[] = [];
  let missingCount = 0;
  for (const [file, flags] of seen) {
    for (let record = 0; record < flags.length; record++) {
      if (flags[record] === 1) continue;
      missingCount += 1;
      if (missing.length < 20) missing.push({ file, record });
    }
  }
  return { missing, missingCount };
}

const kinds = ['inserted', 'updated', 'imported', 'failed', 'skipped', 'unknown'] as const;

function sameCounts(a: OutcomeCounts, b: OutcomeCounts | undefined): boolean {
  const other = b ?? emptyOutcomeCounts();
  return kinds.every((kind) => a[kind] === other[kind]);
}

/** Total records in a count. */
export const countTotal = (counts: OutcomeCounts): number =>
  kinds.reduce((sum, kind) => sum + counts[kind], 0);
