/**
 * Turns a finished job (its status, summary and GET /jobs/{id}/errors entries) into one outcome per record of the
 * chunk. Error entries carry the user as submitted (hashes redacted), so they are matched back by email
 * (case-insensitive), then user_id, then username.
 */
import { explainAuth0Error, explainFailedJob, meansAlreadyExists } from './error-explanations';
import type { ImportJobErrorEntry, ImportJobState } from './ports';
import type { ChunkProblem, OutcomeCounts, PlannedRecord, RecordOutcome } from './types';
import { countOutcome, emptyOutcomeCounts } from './types';
import { identityOf, identityOfValue, type RecordIdentity } from './record-identity';

/** How the job ended: `gone` when Auth0 no longer knows it (job data is deleted after 24 h). */
export interface FinishedJob {
  end: 'completed' | 'failed' | 'gone';
  state: ImportJobState | null;
  errors: ImportJobErrorEntry[];
}

export interface JobOutcomeInput {
  chunkIndex: number;
  records: readonly PlannedRecord[];
  job: FinishedJob;
  upsert: boolean;
  /** The chunk was sent again after an interrupted send: "already exists" means the earlier send imported it. */
  duplicatesAreDone: boolean;
}

export interface JobOutcome {
  outcomes: RecordOutcome[];
  counts: OutcomeCounts;
  problems: ChunkProblem[];
}

/** Maps every record of a finished job to exactly one outcome. */
export function mapJobOutcomes(input: JobOutcomeInput): JobOutcome {
  const identities = input.records.map(identityOf);
  const { byRecord, unmatched } = matchErrorEntries(input.job.errors, identities);
  const problems: ChunkProblem[] = [];
  if (unmatched > 0) {
    problems.push({
      code: 'errors.unmatched',
      message: `Auth0 listed ${unmatched} failed user(s) that match no record of this part; the records without an error of their own are marked unknown.`,
    });
  }
  const fallback = fallbackOutcome(input, unmatched, problems);
  const counts = emptyOutcomeCounts();
  const outcomes = input.records.map((record, position) => {
    const entry = byRecord.get(position);
    const base = {
      file: record.file,
      record: record.index,
      line: record.line,
      email: identities[position].email,
    };
    const outcome: RecordOutcome = entry
      ? { ...base, chunk: input.chunkIndex, ...errorOutcome(entry, input.duplicatesAreDone) }
      : { ...base, chunk: input.chunkIndex, ...fallback };
    countOutcome(counts, outcome.outcome);
    return outcome;
  });
  return { outcomes, counts, problems };
}

type OutcomeBody = Pick<RecordOutcome, 'outcome' | 'code' | 'field' | 'reason'>;

function errorOutcome(entry: ImportJobErrorEntry, duplicatesAreDone: boolean): OutcomeBody {
  if (duplicatesAreDone && entry.errors.length > 0 && entry.errors.every(meansAlreadyExists)) {
    return {
      outcome: 'imported',
      code: 'resend.already-exists',
      field: null,
      reason:
        'Already in the tenant when this part was sent again: imported by the interrupted send (or it existed before the run).',
    };
  }
  const explained = entry.errors.map(explainAuth0Error);
  if (explained.length === 0) {
    return {
      outcome: 'failed',
      code: 'UNKNOWN',
      field: null,
      reason: 'Auth0 listed this user as failed without a reason.',
    };
  }
  return {
    outcome: 'failed',
    code: explained[0].code,
    field: explained[0].field,
    reason: explained.map((e) => e.reason).join(' '),
  };
}

/** The outcome of every record Auth0 did not list as failed. */
function fallbackOutcome(input: JobOutcomeInput, unmatched: number, problems: ChunkProblem[]): OutcomeBody {
  const { job } = input;
  if (job.end === 'gone') {
    const reason =
      'Auth0 no longer knows this job (job data is deleted after 24 hours), so whether these users were imported is unknown. Look them up in the tenant.';
    problems.push({ code: 'job.gone', message: reason });
    return { outcome: 'unknown', code: 'job.gone', field: null, reason };
  }
  if (job.end === 'failed') {
    const reason = explainFailedJob(job.state?.status_details, job.errors.length > 0);
    problems.push({ code: 'job.failed', message: reason });
    return { outcome: 'failed', code: 'job.failed', field: null, reason };
  }
  if (unmatched > 0) {
    return { outcome: 'unknown', code: 'errors.unmatched', field: null, reason: problems[0].message };
  }
  return importedOutcome(input.upsert, job.state?.summary);
}

function importedOutcome(upsert: boolean, summary: ImportJobState['summary']): OutcomeBody {
  const none = { code: null, field: null, reason: null };
  if (!upsert) return { outcome: 'inserted', ...none };
  if (summary && summary.updated === 0) return { outcome: 'inserted', ...none };
  if (summary && summary.inserted === 0) return { outcome: 'updated', ...none };
  const counts = summary ? ` (this job: ${summary.inserted} inserted, ${summary.updated} updated)` : '';
  return {
    outcome: 'imported',
    code: null,
    field: null,
    reason: `Imported (inserted or updated): Auth0 reports only counts per job, not which user was which${counts}.`,
  };
}

/** Pairs each error entry with one record position; a record takes at most one entry. */
export function matchErrorEntries(
  entries: readonly ImportJobErrorEntry[],
  identities: readonly RecordIdentity[],
): { byRecord: Map<number, ImportJobErrorEntry>; unmatched: number } {
  const index = {
    email: new Map<string, number[]>(),
    userId: new Map<string, number[]>(),
    username: new Map<string, number[]>(),
  };
  identities.forEach((identity, position) => {
    for (const key of ['email', 'userId', 'username'] as const) {
      const value = identity[key];
      if (value !== null) index[key].set(value, [...(index[key].get(value) ?? []), position]);
    }
  });
  const byRecord = new Map<number, ImportJobErrorEntry>();
  let unmatched = 0;
  for (const entry of entries) {
    const wanted = identityOfValue(entry.user);
    const position =
      firstFree(index.email.get(wanted.email ?? ''), byRecord) ??
      firstFree(index.userId.get(wanted.userId ?? ''), byRecord) ??
      firstFree(index.username.get(wanted.username ?? ''), byRecord);
    if (position === undefined) unmatched += 1;
    else byRecord.set(position, entry);
  }
  return { byRecord, unmatched };
}

const firstFree = (positions: number[] | undefined, taken: Map<number, unknown>): number | undefined =>
  positions?.find((position) => !taken.has(position));
