/**
 * Sends one chunk as an import job. The chunk is saved as `submitting` before the request and with its job id after
 * it, so a run interrupted in between knows the send's outcome is uncertain and never sends it again blindly.
 */
import { classifyPortError, isConnectionRefusal, type PortFailure } from './port-errors';
import {
  RunStop,
  persist,
  payloadBlob,
  recordsToSend,
  saveOutcomes,
  uniformOutcomes,
  type RunContext,
} from './run-context';
import { retryDelayMs } from './scheduler-policy';
import type { Chunk } from './types';
import { emptyOutcomeCounts } from './types';

/** What the scheduler does next with this chunk. */
export type SubmitResult =
  | { kind: 'sent' }
  | { kind: 'busy' }
  | { kind: 'retry'; atMs: number }
  | { kind: 'uncertain' }
  | { kind: 'refused' };

export async function submitChunk(ctx: RunContext, chunk: Chunk): Promise<SubmitResult> {
  const { run, ports } = ctx;
  const records = await recordsToSend(ctx, chunk);
  const params = {
    connectionId: run.connection.id,
    upsert: run.options.upsert,
    externalId: run.options.externalId,
    sendCompletionEmail: run.options.sendCompletionEmail,
  };
  chunk.status = 'submitting';
  await persist(ctx);
  try {
    const job = await ports.api.createImportJob(payloadBlob(records), params, ctx.signal);
    chunk.jobId = job.id;
    chunk.status = job.status === 'processing' ? 'processing' : 'pending';
    chunk.attempts += 1;
    chunk.submittedAt = ports.clock.now();
    await persist(ctx);
    return { kind: 'sent' };
  } catch (error) {
    return afterFailedSend(ctx, chunk, classifyPortError(error), error);
  }
}

async function afterFailedSend(
  ctx: RunContext,
  chunk: Chunk,
  failure: PortFailure,
  error: unknown,
): Promise<SubmitResult> {
  switch (failure.kind) {
    case 'busy':
      // Not the chunk's fault and not a rate limit: the tenant already runs 2 import jobs.
      chunk.status = 'planned';
      await persist(ctx);
      return { kind: 'busy' };
    case 'aborted':
    case 'ambiguous':
      // The request may have reached Auth0: only an explicit resolution may send it again.
      chunk.status = 'uncertain';
      chunk.attempts += 1;
      chunk.errors = [
        {
          code: 'send.uncertain',
          message: `The send was interrupted (${failure.message}); Auth0 may or may not have received it.`,
        },
      ];
      await persist(ctx);
      if (ctx.signal.aborted) throw error;
      return { kind: 'uncertain' };
    case 'transient':
      return retryOrPause(ctx, chunk, failure.message, failure.retryAtMs);
    case 'unauthorized':
      chunk.status = 'planned';
      await persist(ctx);
      throw new RunStop({ code: 'unauthorized', message: failure.message });
    case 'not-found':
    case 'rejected':
      if (failure.kind === 'not-found' || isConnectionRefusal(failure.message)) {
        chunk.status = 'planned';
        await persist(ctx);
        throw new RunStop({ code: 'connection', message: failure.message });
      }
      await refuseChunk(ctx, chunk, failure.status, failure.message);
      return { kind: 'refused' };
  }
}

async function retryOrPause(
  ctx: RunContext,
  chunk: Chunk,
  message: string,
  retryAtMs: number | null,
): Promise<SubmitResult> {
  chunk.attempts += 1;
  chunk.status = 'planned';
  chunk.errors = [
    {
      code: 'send.retry',
      message: `Sending failed (${message}); try ${chunk.attempts} of ${ctx.policy.submitRetries + 1}.`,
    },
  ];
  if (chunk.attempts > ctx.policy.submitRetries) {
    chunk.attempts = 0;
    await persist(ctx);
    throw new RunStop({
      code: 'unavailable',
      message: `Auth0 kept refusing to start a job (${message}). Nothing was lost: resume the run later.`,
    });
  }
  await persist(ctx);
  const now = ctx.ports.clock.now();
  const wait = retryDelayMs(ctx.policy, chunk.attempts, ctx.random);
  return { kind: 'retry', atMs: Math.max(now + wait, retryAtMs ?? 0) };
}

/** Auth0 refused this part as it is (400, 413): its records fail with Auth0's reason; other parts go on. */
async function refuseChunk(
  ctx: RunContext,
  chunk: Chunk,
  status: number | null,
  message: string,
): Promise<void> {
  const records = await recordsToSend(ctx, chunk);
  const reason =
    status === 413
      ? `Auth0 refused this part as too large (${message}). Import again with smaller parts (Chunk size).`
      : `Auth0 refused this part: ${message}`;
  const outcomes = uniformOutcomes(records, chunk.index, {
    outcome: 'failed',
    code: 'job.refused',
    field: null,
    reason,
  });
  await saveOutcomes(ctx, outcomes);
  const counts = chunk.counts ?? emptyOutcomeCounts();
  counts.failed += outcomes.length;
  chunk.counts = counts;
  chunk.status = 'failed';
  chunk.attempts += 1;
  chunk.errors = [{ code: 'job.refused', message: reason }];
  chunk.finishedAt = ctx.ports.clock.now();
  ctx.records.delete(chunk.index);
  await persist(ctx);
}
