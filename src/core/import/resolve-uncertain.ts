/**
 * Resolves a chunk whose send was interrupted (the tab closed mid-request, the network dropped): Auth0 may or may
 * not have created its job, and no job id came back. It is never sent again without one of these explicit decisions.
 */
import pMap from 'p-map';
import { persist, recordsToSend, saveOutcomes, uniformOutcomes, type RunContext } from './run-context';
import { addCounts } from './poll-job';
import { identityOf } from './record-identity';
import type { Chunk, PlannedRecord, RecordOutcome } from './types';
import { countOutcome, emptyOutcomeCounts } from './types';

/**
 * `check-by-email`: look every user up (GET /users-by-email, one request each); those found count as imported,
 * the rest are sent again. `resend`: send the chunk again, counting "already exists" as imported by the earlier send
 * (with upsert on, the same values are simply written again). `ask`: leave it uncertain for the user to decide.
 */
export type UncertainStrategy = 'check-by-email' | 'resend' | 'ask';

/** Plain explanations of the strategies, for the decision the UI asks for. */
export const uncertainStrategyText: Record<UncertainStrategy, string> = {
  'check-by-email':
    'Look up each user of the part in the tenant (one request per user). Users found are counted as imported; the others are sent again. Safe, but slow for large parts on a low rate limit.',
  resend:
    'Send the part again. With upsert off, users that already exist fail with "already exists" and are counted as imported by the interrupted send; with upsert on, they are written again with the same values.',
  ask: 'Leave the part aside; the run ends waiting for your decision.',
};

/** Applies a strategy to one uncertain chunk; afterwards it is completed, or planned with an explicit resend. */
export async function resolveUncertainChunk(
  ctx: RunContext,
  chunk: Chunk,
  strategy: UncertainStrategy,
): Promise<void> {
  if (chunk.status !== 'uncertain' || strategy === 'ask') return;
  if (strategy === 'resend') {
    chunk.resend = {
      records: chunk.resend?.records,
      duplicatesAreDone: true,
      reason: 'Sent again after an interrupted send; "already exists" counts as imported.',
    };
    chunk.status = 'planned';
    chunk.errors = [];
    await persist(ctx);
    return;
  }
  await checkByEmail(ctx, chunk);
}

/**
 * Lookups in flight at once. One at a time, a lookup waits a whole round trip to Auth0 (~100-200 ms from a browser),
 * which held a paid plan's pace (16 a second on Enterprise) to ~5-10; a few in flight let the client's pacing
 * (api/rate-limit.ts), which every request goes through, set the pace instead. Few enough that a Free tenant's 2 a
 * second only queues them.
 */
const lookupsInFlight = 6;

async function checkByEmail(ctx: RunContext, chunk: Chunk): Promise<void> {
  const records = await recordsToSend(ctx, chunk);
  const exists = await pMap(records, (record) => existsInConnection(ctx, record), {
    concurrency: lookupsInFlight,
    signal: ctx.signal,
  });
  const found = records.filter((_, i) => exists[i]);
  const missing = records.filter((_, i) => !exists[i]);
  const outcomes = foundOutcomes(ctx, chunk, found);
  await saveOutcomes(ctx, outcomes);
  const counts = emptyOutcomeCounts();
  outcomes.forEach((outcome) => countOutcome(counts, outcome.outcome));
  chunk.counts = addCounts(chunk.counts ?? emptyOutcomeCounts(), counts);
  chunk.errors = [];
  if (missing.length === 0) {
    chunk.status = 'completed';
    chunk.finishedAt = ctx.ports.clock.now();
    ctx.records.delete(chunk.index);
  } else {
    chunk.status = 'planned';
    chunk.resend = {
      records: missing.map((record) => record.index),
      // The interrupted job may still be running: a user it creates meanwhile must not count as failed.
      duplicatesAreDone: true,
      reason: `After an interrupted send, ${found.length} of ${records.length} users were found in the tenant; the other ${missing.length} are sent again.`,
    };
  }
  await persist(ctx);
}

async function existsInConnection(ctx: RunContext, record: PlannedRecord): Promise<boolean> {
  const email = identityOf(record).email;
  if (email === null) return false;
  const users = await ctx.ports.api.usersByEmail(email, ctx.signal);
  const connection = ctx.run.connection.name;
  return users.some(
    (user) => !user.identities || user.identities.some((identity) => identity.connection === connection),
  );
}

function foundOutcomes(ctx: RunContext, chunk: Chunk, found: readonly PlannedRecord[]): RecordOutcome[] {
  const reason = ctx.run.options.upsert
    ? 'Found in the tenant after an interrupted send: counted as imported. If this user existed before the run, the upsert may not have been applied; send it again to be sure.'
    : 'Found in the tenant after an interrupted send: counted as imported by that send (or it existed before the run).';
  return uniformOutcomes(found, chunk.index, {
    outcome: 'imported',
    code: 'resolve.found',
    field: null,
    reason,
  });
}
