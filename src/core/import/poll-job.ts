/**
 * Polls a running job and, once it ends, reads its errors and records one outcome per record. Outcomes are saved
 * before the chunk is marked finished: a run interrupted between the two polls the job again and rewrites the same
 * outcomes (they are keyed by record), so nothing is counted twice.
 */
import { mapJobOutcomes, type FinishedJob } from './job-results';
import { classifyPortError } from './port-errors';
import type { ImportJobErrorEntry, ImportJobState } from './ports';
import { RunStop, persist, recordsToSend, saveOutcomes, type RunContext } from './run-context';
import type { Chunk, OutcomeCounts } from './types';
import { emptyOutcomeCounts } from './types';

/** `progressed`: the job moved (status or percentage), so polling should speed up again. */
export type PollResult = { kind: 'running'; progressed: boolean } | { kind: 'finished' };

const failedStatuses = new Set(['failed', 'expired']);

export async function pollChunk(
  ctx: RunContext,
  chunk: Chunk,
  lastPercentage: number | undefined,
): Promise<PollResult & { percentage?: number }> {
  const jobId = chunk.jobId as string;
  let state: ImportJobState;
  try {
    state = await ctx.ports.api.getJob(jobId, ctx.signal);
  } catch (error) {
    const failure = classifyPortError(error);
    if (failure.kind === 'aborted' && ctx.signal.aborted) throw error;
    if (failure.kind === 'unauthorized')
      throw new RunStop({ code: 'unauthorized', message: failure.message });
    if (failure.kind === 'not-found')
      return finishChunk(ctx, chunk, { end: 'gone', state: null, errors: [] });
    // A failed poll changes nothing: the job runs on; ask again later.
    return { kind: 'running', progressed: false, percentage: lastPercentage };
  }
  if (state.status === 'completed' || failedStatuses.has(state.status)) {
    const errors = await readErrors(ctx, jobId);
    if (errors === null) return { kind: 'running', progressed: false, percentage: lastPercentage };
    return finishChunk(ctx, chunk, {
      end: state.status === 'completed' ? 'completed' : 'failed',
      state,
      errors,
    });
  }
  const status = state.status === 'pending' ? 'pending' : 'processing';
  const progressed = status !== chunk.status || (state.percentage_done ?? lastPercentage) !== lastPercentage;
  if (status !== chunk.status) {
    chunk.status = status;
    await persist(ctx);
  }
  return { kind: 'running', progressed, percentage: state.percentage_done };
}

/** The job's error entries; null when they could not be read this time (try again at the next poll). */
async function readErrors(ctx: RunContext, jobId: string): Promise<ImportJobErrorEntry[] | null> {
  try {
    return await ctx.ports.api.getJobErrors(jobId, ctx.signal);
  } catch (error) {
    const failure = classifyPortError(error);
    if (failure.kind === 'aborted' && ctx.signal.aborted) throw error;
    if (failure.kind === 'unauthorized')
      throw new RunStop({ code: 'unauthorized', message: failure.message });
    if (failure.kind === 'not-found') return [];
    return null;
  }
}

async function finishChunk(ctx: RunContext, chunk: Chunk, job: FinishedJob): Promise<PollResult> {
  const records = await recordsToSend(ctx, chunk);
  const mapped = mapJobOutcomes({
    chunkIndex: chunk.index,
    records,
    job,
    upsert: ctx.run.options.upsert,
    duplicatesAreDone: chunk.resend?.duplicatesAreDone ?? false,
  });
  await saveOutcomes(ctx, mapped.outcomes);
  chunk.counts = addCounts(chunk.counts ?? emptyOutcomeCounts(), mapped.counts);
  chunk.summary = job.state?.summary;
  chunk.status = job.end === 'completed' ? 'completed' : 'failed';
  chunk.errors = mapped.problems;
  chunk.finishedAt = ctx.ports.clock.now();
  ctx.records.delete(chunk.index);
  await persist(ctx);
  return { kind: 'finished' };
}

export function addCounts(a: OutcomeCounts, b: OutcomeCounts): OutcomeCounts {
  return {
    inserted: a.inserted + b.inserted,
    updated: a.updated + b.updated,
    imported: a.imported + b.imported,
    failed: a.failed + b.failed,
    skipped: a.skipped + b.skipped,
    unknown: a.unknown + b.unknown,
  };
}
