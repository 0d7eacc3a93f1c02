/** The start and end of an import run: preparing a (resumed) run, cancelling unsent parts, finishing, pausing. */
import { addCounts } from './poll-job';
import { persist, recordsToSend, saveOutcomes, uniformOutcomes, type RunContext } from './run-context';
import type { ImportRun } from './types';
import { emptyOutcomeCounts } from './types';

/** A chunk left `submitting` was interrupted mid-request: whether Auth0 got it is unknown. */
export async function prepare(ctx: RunContext): Promise<void> {
  for (const chunk of ctx.run.chunks) {
    if (chunk.status === 'submitting') {
      chunk.status = 'uncertain';
      chunk.errors = [
        {
          code: 'send.uncertain',
          message: 'The run stopped while this part was being sent; Auth0 may or may not have received it.',
        },
      ];
    }
  }
  ctx.run.status = 'running';
  ctx.run.problem = null;
  ctx.run.timings.startedAt ??= ctx.ports.clock.now();
  ctx.run.timings.finishedAt = null;
  await persist(ctx);
}

/** Cancel: every part not yet sent is skipped (its records accounted for), and the run goes on polling. */
export async function cancelUnsent(ctx: RunContext): Promise<void> {
  ctx.run.status = 'cancelling';
  await persist(ctx);
  for (const chunk of ctx.run.chunks.filter((c) => c.status === 'planned')) {
    const records = await recordsToSend(ctx, chunk);
    const reason = 'Not sent: the import was cancelled before this part was sent.';
    await saveOutcomes(
      ctx,
      uniformOutcomes(records, chunk.index, {
        outcome: 'skipped',
        code: 'run.cancelled',
        field: null,
        reason,
      }),
    );
    chunk.counts = addCounts(chunk.counts ?? emptyOutcomeCounts(), {
      ...emptyOutcomeCounts(),
      skipped: records.length,
    });
    chunk.status = 'cancelled';
    chunk.finishedAt = ctx.ports.clock.now();
    ctx.records.delete(chunk.index);
    await persist(ctx);
  }
}

/** Sets the run's final status: needs-decision (uncertain parts left), cancelled or finished. */
export async function finish(ctx: RunContext, cancel: AbortSignal | undefined): Promise<void> {
  const { run } = ctx;
  if (run.chunks.some((c) => c.status === 'uncertain')) run.status = 'needs-decision';
  else run.status = cancel?.aborted || run.status === 'cancelling' ? 'cancelled' : 'finished';
  if (run.status !== 'needs-decision') run.timings.finishedAt = ctx.ports.clock.now();
  await persist(ctx);
}

/** Stops the run resumably, saying why. */
export async function pause(
  ctx: RunContext,
  code: NonNullable<ImportRun['problem']>['code'],
  message: string,
): Promise<void> {
  ctx.run.status = 'paused';
  ctx.run.problem = { code, message };
  await persist(ctx);
}
