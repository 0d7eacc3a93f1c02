/** The numbers the Import screen shows while a run goes on: per chunk and for the whole run, with an ETA. */
import { countTotal } from './accounting';
import type { Chunk, ImportRun, OutcomeCounts } from './types';
import { emptyOutcomeCounts, isActiveChunk } from './types';

export interface ChunkProgress {
  index: number;
  file: string;
  status: Chunk['status'];
  records: number;
  jobId: string | null;
  counts: OutcomeCounts | null;
}

export interface RunProgress {
  status: ImportRun['status'];
  chunks: {
    total: number;
    waiting: number;
    running: number;
    done: number;
    failed: number;
    uncertain: number;
    cancelled: number;
  };
  records: {
    /** Records in the run's files, including those left out before sending. */
    total: number;
    /** Records in chunks that were sent (running or done). */
    submitted: number;
    /** Records with a final outcome counted at chunk level. */
    done: number;
  } & OutcomeCounts;
  elapsedMs: number;
  /** Estimated time left from the pace so far; null until a chunk has finished. */
  etaMs: number | null;
  perChunk: ChunkProgress[];
}

export function computeProgress(run: ImportRun, now: number): RunProgress {
  const totals = emptyOutcomeCounts();
  const chunks = {
    total: run.chunks.length,
    waiting: 0,
    running: 0,
    done: 0,
    failed: 0,
    uncertain: 0,
    cancelled: 0,
  };
  let submitted = 0;
  let plannedRecords = 0;
  for (const chunk of run.chunks) {
    plannedRecords += chunk.recordCount;
    bucket(chunks, chunk);
    if (chunk.jobId !== undefined || chunk.status === 'completed' || chunk.status === 'failed')
      submitted += chunk.recordCount;
    if (chunk.counts)
      for (const kind of Object.keys(totals) as (keyof OutcomeCounts)[]) totals[kind] += chunk.counts[kind];
  }
  const total = run.files.reduce((sum, file) => sum + file.records, 0);
  // Records left out before any chunk (checker, too large) are skipped from the start.
  totals.skipped += total - plannedRecords;
  const done = countTotal(totals);
  const elapsedMs =
    run.timings.startedAt === null ? 0 : (run.timings.finishedAt ?? now) - run.timings.startedAt;
  return {
    status: run.status,
    chunks,
    records: { total, submitted, done, ...totals },
    elapsedMs,
    etaMs: eta(run, now),
    perChunk: run.chunks.map((chunk) => ({
      index: chunk.index,
      file: chunk.file,
      status: chunk.status,
      records: chunk.recordCount,
      jobId: chunk.jobId ?? null,
      counts: chunk.counts ?? null,
    })),
  };
}

function bucket(chunks: RunProgress['chunks'], chunk: Chunk): void {
  if (isActiveChunk(chunk) || chunk.status === 'submitting') chunks.running += 1;
  else if (chunk.status === 'completed') chunks.done += 1;
  else if (chunk.status === 'failed') chunks.failed += 1;
  else if (chunk.status === 'uncertain') chunks.uncertain += 1;
  else if (chunk.status === 'cancelled') chunks.cancelled += 1;
  else chunks.waiting += 1;
}

/** Pace = records of finished chunks per ms since the run started; ETA = records still to finish / pace. */
function eta(run: ImportRun, now: number): number | null {
  if (run.timings.startedAt === null || run.timings.finishedAt !== null)
    return run.timings.finishedAt !== null ? 0 : null;
  let finished = 0;
  let left = 0;
  for (const chunk of run.chunks) {
    if (chunk.status === 'completed' || chunk.status === 'failed') finished += chunk.recordCount;
    else if (chunk.status !== 'cancelled') left += chunk.recordCount;
  }
  const elapsed = now - run.timings.startedAt;
  if (finished === 0 || elapsed <= 0) return null;
  return Math.round((left * elapsed) / finished);
}
