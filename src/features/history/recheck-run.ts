/**
 * Re-checking a stored import run against Auth0 while it still holds the run's jobs. Parts whose jobs were still
 * running when the run stopped (a closed tab, a pause) are polled with core's own `pollChunk`, so a job that ended
 * meanwhile gets its errors read and its records' outcomes written exactly as the Import screen would have. Parts
 * whose results are final only show what Auth0 says now. Auth0 deletes job data after 24 hours: a 404 is explained.
 */
import {
  classifyPortError,
  defaultSchedulerPolicy,
  isActiveChunk,
  isFinalChunk,
  type Chunk,
  type ImportJobState,
  type ImportPorts,
  type ImportRun,
  type RunStatus,
} from '../../core/import';
import { pollChunk } from '../../core/import/poll-job';
import { RunStop, persist, type RunContext } from '../../core/import/run-context';

/** What one part's job looks like on Auth0 now. */
export interface RecheckedPart {
  /** 1-based, as the views number parts. */
  part: number;
  jobId: string;
  /** Auth0's status now; `gone` when Auth0 no longer has the job, `unchecked` when asking failed. */
  auth0Status: string;
  /** True when this re-check wrote the part's results (its job ended since the run stopped). */
  updated: boolean;
  text: string;
}

export interface RecheckReport {
  runId: string;
  checkedAt: number;
  /** The run's status after the re-check. */
  status: RunStatus;
  parts: RecheckedPart[];
  /** One sentence over all parts. */
  summary: string;
}

/** Auth0's retention, said the same way wherever a job is gone. */
export const retentionNote = 'Auth0 keeps job data for 24 hours; the results stored here are final.';

const count = (n: number, what: string) => `${n.toLocaleString('en')} ${what}`;

/** Asks Auth0 about every job of `run`, writes what ended since through `ports.store`, and says what it found. */
export async function recheckRun(
  run: ImportRun,
  ports: ImportPorts,
  signal: AbortSignal,
): Promise<RecheckReport> {
  const seen = new Map<string, ImportJobState | Error>();
  const ctx: RunContext = {
    run,
    ports: { ...ports, api: recordingApi(ports, seen) },
    policy: defaultSchedulerPolicy,
    signal,
    random: ports.random ?? Math.random,
    onUpdate: () => {},
    records: new Map(),
  };
  const parts: RecheckedPart[] = [];
  for (const chunk of run.chunks) {
    if (chunk.jobId === undefined) continue;
    parts.push(await recheckChunk(ctx, chunk, seen));
  }
  await settleRun(ctx);
  return {
    runId: run.id,
    checkedAt: ports.clock.now(),
    status: run.status,
    parts,
    summary: summarise(run, parts),
  };
}

/** The jobs port, remembering the last answer (or error) per job so the report can say what Auth0 said. */
function recordingApi(ports: ImportPorts, seen: Map<string, ImportJobState | Error>): ImportPorts['api'] {
  const api = ports.api;
  return {
    ...api,
    createImportJob: () => Promise.reject(new Error('A re-check never sends a part.')),
    getJob: async (id, signal) => {
      try {
        const state = await api.getJob(id, signal);
        seen.set(id, state);
        return state;
      } catch (error) {
        seen.set(id, error instanceof Error ? error : new Error(String(error)));
        throw error;
      }
    },
    getJobErrors: (id, signal) => api.getJobErrors(id, signal),
    usersByEmail: (email, signal) => api.usersByEmail(email, signal),
  };
}

async function recheckChunk(
  ctx: RunContext,
  chunk: Chunk,
  seen: Map<string, ImportJobState | Error>,
): Promise<RecheckedPart> {
  const jobId = chunk.jobId as string;
  const base = { part: chunk.index + 1, jobId };
  if (isActiveChunk(chunk)) {
    const result = await pollActive(ctx, chunk);
    if (typeof result === 'string')
      return { ...base, auth0Status: 'unchecked', updated: false, text: result };
    return describeActive(base, chunk, result.kind === 'finished', seen.get(jobId));
  }
  try {
    const state = await ctx.ports.api.getJob(jobId, ctx.signal);
    return { ...base, auth0Status: state.status, updated: false, text: describeFinal(chunk, state) };
  } catch (error) {
    return { ...base, ...unreachable(ctx, error) };
  }
}

/** Polls a part whose job was running; a string is why it could not be checked (the run stops on a refused token). */
async function pollActive(ctx: RunContext, chunk: Chunk): Promise<{ kind: 'running' | 'finished' } | string> {
  try {
    return await pollChunk(ctx, chunk, undefined);
  } catch (error) {
    if (error instanceof RunStop && error.problem.code === 'file-changed') {
      return `Its job ended, but its records are no longer stored in this browser, so they cannot be matched to Auth0's results here: resume the run on the Import screen with the same file. ${error.problem.message}`;
    }
    throw error;
  }
}

function describeActive(
  base: { part: number; jobId: string },
  chunk: Chunk,
  finished: boolean,
  answer: ImportJobState | Error | undefined,
): RecheckedPart {
  if (answer instanceof Error) {
    const failure = classifyPortError(answer);
    if (failure.kind === 'not-found') {
      return {
        ...base,
        auth0Status: 'gone',
        updated: true,
        text: `Auth0 no longer has this job (Auth0 keeps job data for 24 hours), and it was still running when the run stopped: whether its ${count(chunk.recordCount, 'user(s)')} were imported is unknown; look them up in the tenant.`,
      };
    }
    return {
      ...base,
      auth0Status: 'unchecked',
      updated: false,
      text: `Could not ask Auth0: ${failure.message}`,
    };
  }
  const status = answer?.status ?? chunk.status;
  if (!finished && (status === 'completed' || status === 'failed')) {
    const text = `Auth0 says ${status}, but its per-user errors could not be read just now: re-check again.`;
    return { ...base, auth0Status: status, updated: false, text };
  }
  if (!finished) {
    const done = answer?.percentage_done !== undefined ? `, ${answer.percentage_done}% done` : '';
    return { ...base, auth0Status: status, updated: false, text: `Still ${status}${done} on Auth0.` };
  }
  return {
    ...base,
    auth0Status: status,
    updated: true,
    text: `Ended since the run stopped: ${status}. ${outcomeText(chunk)} Results saved.`,
  };
}

function describeFinal(chunk: Chunk, state: ImportJobState): string {
  const summary = state.summary
    ? `Auth0: ${state.summary.inserted} inserted, ${state.summary.updated} updated, ${state.summary.failed} failed of ${state.summary.total}.`
    : '';
  return `${state.status}. ${summary} Stored results: ${outcomeText(chunk)}`.replace(/\s+/g, ' ').trim();
}

function outcomeText(chunk: Chunk): string {
  const c = chunk.counts;
  if (!c) return 'none yet.';
  const parts = [`${c.inserted} inserted`, `${c.updated} updated`];
  if (c.imported) parts.push(`${c.imported} imported`);
  parts.push(`${c.failed} failed`);
  if (c.unknown) parts.push(`${c.unknown} unknown`);
  return `${parts.join(', ')}.`;
}

/** A final part whose job could not be read: gone after 24 h, or the request failed. */
function unreachable(ctx: RunContext, error: unknown): Omit<RecheckedPart, 'part' | 'jobId'> {
  const failure = classifyPortError(error);
  if (failure.kind === 'aborted' && ctx.signal.aborted) throw error;
  if (failure.kind === 'unauthorized') throw new RunStop({ code: 'unauthorized', message: failure.message });
  if (failure.kind === 'not-found') {
    return { auth0Status: 'gone', updated: false, text: `Auth0 no longer has this job. ${retentionNote}` };
  }
  return { auth0Status: 'unchecked', updated: false, text: `Could not ask Auth0: ${failure.message}` };
}

/**
 * A run that stopped with jobs still running ends here once every part is final, as core's run would have ended it
 * (finished, or cancelled when it was being cancelled). Planned or uncertain parts leave it to the Import screen.
 */
async function settleRun(ctx: RunContext): Promise<void> {
  const { run } = ctx;
  if (run.status === 'finished' || run.status === 'cancelled' || run.status === 'planned') return;
  if (!run.chunks.every(isFinalChunk)) return;
  run.status = run.status === 'cancelling' ? 'cancelled' : 'finished';
  run.problem = null;
  run.timings.finishedAt = ctx.ports.clock.now();
  await persist(ctx);
}

function summarise(run: ImportRun, parts: readonly RecheckedPart[]): string {
  const unsent = run.chunks.length - parts.length;
  const gone = parts.filter((p) => p.auth0Status === 'gone').length;
  const updated = parts.filter((p) => p.updated).length;
  const sentences = [`Asked Auth0 about ${count(parts.length, 'job(s)')} of this import.`];
  if (updated)
    sentences.push(`${count(updated, 'part(s)')} ended since the run stopped: their results are saved.`);
  if (gone) sentences.push(`${count(gone, 'job(s)')} no longer held by Auth0. ${retentionNote}`);
  if (unsent) sentences.push(`${count(unsent, 'part(s)')} never reached Auth0 (no job to ask about).`);
  sentences.push(`The import is now ${run.status}.`);
  return sentences.join(' ');
}
