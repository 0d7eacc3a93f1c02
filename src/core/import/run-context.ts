/** What every step of a run shares: the run being changed, the ports, and the way it is saved. */
import type { ImportPorts } from './ports';
import type { SchedulerPolicy } from './scheduler-policy';
import type { Chunk, ImportRun, PlannedRecord, RecordOutcome, RunProblem } from './types';
import { jsonArrayPartBytes, jsonArrayPartText } from '../formats/json-array-part';
import { utf8Length } from '../formats/utf8';
import { identityOf } from './record-identity';

export interface RunContext {
  run: ImportRun;
  ports: ImportPorts;
  policy: SchedulerPolicy;
  /** Aborts the run now (tab closing, user pause): state is saved and the run can be resumed. */
  signal: AbortSignal;
  random: () => number;
  onUpdate: (run: ImportRun) => void;
  /** Records of chunks in flight, kept so a finished job is mapped without re-reading its file. */
  records: Map<number, PlannedRecord[]>;
}

/** Stops the whole run (not one chunk): the token was refused, the connection is wrong, the file changed. */
export class RunStop extends Error {
  readonly problem: RunProblem;

  constructor(problem: RunProblem) {
    super(problem.message);
    this.name = 'RunStop';
    this.problem = problem;
  }
}

/** Saves the run and tells the UI. Called before and after every network step. */
export async function persist(ctx: RunContext): Promise<void> {
  await ctx.ports.store.saveRun(ctx.run);
  ctx.onUpdate(ctx.run);
}

/** Saves outcomes in batches small enough for one IndexedDB transaction each. */
export async function saveOutcomes(ctx: RunContext, outcomes: readonly RecordOutcome[]): Promise<void> {
  const batch = 5_000;
  for (let start = 0; start < outcomes.length; start += batch) {
    await ctx.ports.store.saveOutcomes(ctx.run.id, outcomes.slice(start, start + batch));
  }
}

/** All records of a chunk, checked against the plan: a file changed since planning would send other users. */
export async function chunkRecords(ctx: RunContext, chunk: Chunk): Promise<PlannedRecord[]> {
  const cached = ctx.records.get(chunk.index);
  if (cached) return cached;
  const records = await ctx.ports.source.chunkRecords(chunk, ctx.signal);
  const bytes = jsonArrayPartBytes(
    records.length,
    records.reduce((sum, r) => sum + utf8Length(r.json), 0),
  );
  const inRange = records.every(
    (r) => r.file === chunk.file && r.index >= chunk.firstRecord && r.index <= chunk.lastRecord,
  );
  if (records.length !== chunk.recordCount || bytes !== chunk.bytes || !inRange) {
    throw new RunStop({
      code: 'file-changed',
      message: `Part ${chunk.index + 1} of "${chunk.file}" no longer matches what was checked (${records.length} records, ${bytes} bytes; planned ${chunk.recordCount} records, ${chunk.bytes} bytes). Open the same file again to resume.`,
    });
  }
  ctx.records.set(chunk.index, records);
  return records;
}

/** The records a send carries: all of the chunk's, or the subset a resend decision kept. */
export async function recordsToSend(ctx: RunContext, chunk: Chunk): Promise<PlannedRecord[]> {
  const records = await chunkRecords(ctx, chunk);
  const only = chunk.resend?.records;
  if (!only) return records;
  const wanted = new Set(only);
  return records.filter((record) => wanted.has(record.index));
}

/** The payload of a send, as a Blob (the `users` file part). */
export function payloadBlob(records: readonly PlannedRecord[]): Blob {
  return new Blob([jsonArrayPartText(records.map((record) => record.json))], { type: 'application/json' });
}

/** Outcomes for records that end without a job: refused part, cancelled chunk. */
export function uniformOutcomes(
  records: readonly PlannedRecord[],
  chunk: number,
  body: Pick<RecordOutcome, 'outcome' | 'code' | 'field' | 'reason'>,
): RecordOutcome[] {
  return records.map((record) => ({
    file: record.file,
    record: record.index,
    line: record.line,
    email: identityOf(record).email,
    chunk,
    ...body,
  }));
}
