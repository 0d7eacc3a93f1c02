import { describe, expect, it } from 'vitest';
import { explainAuth0Error, fieldFromPath } from './error-explanations';
import { mapJobOutcomes, type FinishedJob } from './job-results';
import type { JobSummary, PlannedRecord } from './types';

const record = (index: number, user: Record<string, unknown>): PlannedRecord => ({
  file: 'f.json',
  index,
  line: index + 2,
  json: JSON.stringify(user),
});
const records = [
  record(0, { email: 'Ann@Example.com' }),
  record(1, { email: 'bob@example.com', user_id: 'b1' }),
  record(2, { email: 'dup@example.com' }),
  record(3, { email: 'dup@example.com' }),
  record(4, { email: 'eve@example.com', username: 'eve' }),
];
const completed = (summary: JobSummary, errors: FinishedJob['errors'] = []): FinishedJob => ({
  end: 'completed',
  state: { id: 'job_1', status: 'completed', summary },
  errors,
});
const map = (job: FinishedJob, upsert = false, duplicatesAreDone = false) =>
  mapJobOutcomes({ chunkIndex: 7, records, job, upsert, duplicatesAreDone });

describe('mapJobOutcomes', () => {
  it('matches errors back by email (any case), then user_id, then username, and names the field', () => {
    const result = map(
      completed({ inserted: 1, updated: 0, failed: 4, total: 5 }, [
        {
          user: { email: 'ann@example.com' },
          errors: [{ code: 'FORMAT', message: 'bad', path: 'app_metadata.plan' }],
        },
        {
          user: { email: 'other@x.com', user_id: 'auth0|b1' },
          errors: [{ code: 'PATTERN', message: 'p', path: '#/user_id' }],
        },
        { user: { email: 'DUP@example.com' }, errors: [{ code: 'DUPLICATED_USER', message: 'dup' }] },
        {
          user: { username: 'eve' },
          errors: [{ code: 'MAX_LENGTH', message: 'too long', path: 'given_name' }],
        },
      ]),
    );
    expect(result.outcomes.map((o) => [o.record, o.outcome, o.code, o.field])).toEqual([
      [0, 'failed', 'FORMAT', 'app_metadata.plan'],
      [1, 'failed', 'PATTERN', 'user_id'],
      [2, 'failed', 'DUPLICATED_USER', null],
      [3, 'inserted', null, null],
      [4, 'failed', 'MAX_LENGTH', 'given_name'],
    ]);
    expect(result.outcomes[0].reason).toContain('"app_metadata.plan" is not in the expected format');
    expect(result.outcomes[0]).toMatchObject({ file: 'f.json', line: 2, email: 'ann@example.com', chunk: 7 });
    expect(result.counts).toMatchObject({ inserted: 1, failed: 4 });
  });

  it('with upsert on, says honestly when the insert/update split per user is unknown', () => {
    const mixed = map(completed({ inserted: 3, updated: 2, failed: 0, total: 5 }), true);
    expect(mixed.outcomes.every((o) => o.outcome === 'imported')).toBe(true);
    expect(mixed.outcomes[0].reason).toContain('3 inserted, 2 updated');
    expect(map(completed({ inserted: 0, updated: 5, failed: 0, total: 5 }), true).counts.updated).toBe(5);
    expect(map(completed({ inserted: 5, updated: 0, failed: 0, total: 5 }), true).counts.inserted).toBe(5);
  });

  it('fails every record of a job that failed as a whole', () => {
    const result = map({
      end: 'failed',
      state: { id: 'job_1', status: 'failed', status_details: 'Unexpected token' },
      errors: [],
    });
    expect(result.counts.failed).toBe(5);
    expect(result.outcomes[0].reason).toMatch(/failed as a whole.*Unexpected token/s);
    expect(result.problems[0].code).toBe('job.failed');
  });

  it('marks records unknown when the job is gone (24 h) or an error matches no record', () => {
    expect(map({ end: 'gone', state: null, errors: [] }).counts.unknown).toBe(5);
    const stray = map(
      completed({ inserted: 4, updated: 0, failed: 1, total: 5 }, [
        { user: { email: 'nobody@x.com' }, errors: [{ code: 'FORMAT', message: '' }] },
      ]),
    );
    expect(stray.counts.unknown).toBe(5);
    expect(stray.problems[0].message).toContain('1 failed user(s)');
  });

  it('after a resend, "already exists" counts as imported by the interrupted send', () => {
    const result = map(
      completed({ inserted: 4, updated: 0, failed: 1, total: 5 }, [
        {
          user: { email: 'bob@example.com' },
          errors: [
            { code: 'DUPLICATED_USER', message: 'The user already exist and upsert parameter is false' },
          ],
        },
      ]),
      false,
      true,
    );
    expect(result.outcomes[1]).toMatchObject({ outcome: 'imported', code: 'resend.already-exists' });
    expect(result.counts).toMatchObject({ inserted: 4, imported: 1, failed: 0 });
  });
});

describe('explainAuth0Error', () => {
  it('explains every documented code, naming the field', () => {
    const codes =
      'ANY_OF_MISSING ARRAY_LENGTH_LONG ARRAY_LENGTH_SHORT CONFLICT CONFLICT_EMAIL CONFLICT_USERNAME CONNECTION_NOT_FOUND DUPLICATED_USER ENUM_MISMATCH FORMAT INVALID_TYPE MAX_LENGTH MAXIMUM MFA_FACTORS_FAILED MIN_LENGTH MINIMUM NOT_PASSED OBJECT_REQUIRED PATTERN'.split(
        ' ',
      );
    for (const code of codes) {
      const explained = explainAuth0Error({ code, message: 'raw', path: 'mfa_factors/0/totp/secret' });
      expect(explained.reason).not.toBe('raw');
      expect(explained.field).toBe('mfa_factors.0.totp.secret');
    }
    expect(
      explainAuth0Error({
        code: 'MAX_LENGTH',
        message: 'String is too long (200 chars), maximum 150',
        path: 'name',
      }).reason,
    ).toBe('"name" is too long. (Auth0: String is too long (200 chars), maximum 150)');
  });

  it('explains the "already exist" message that comes without a known code', () => {
    const explained = explainAuth0Error({
      code: '',
      message: 'The user already exist and upsert parameter is false',
    });
    expect(explained.reason).toMatch(/upsert is off/);
  });

  it('normalises paths', () => {
    expect(fieldFromPath('#/app_metadata/plan')).toBe('app_metadata.plan');
    expect(fieldFromPath('mfa_factors[1].phone')).toBe('mfa_factors.1.phone');
    expect(fieldFromPath(undefined)).toBeNull();
  });
});
