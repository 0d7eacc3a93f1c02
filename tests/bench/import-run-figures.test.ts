import { describe, expect, it } from 'vitest';
import { freePlanLimit, leastJobSeconds, leastSecondsFor, routePatterns } from './import-run-figures';

describe('leastSecondsFor', () => {
  it('lets the burst through at once and paces the rest at the sustained rate', () => {
    expect(leastSecondsFor(2, freePlanLimit)).toBe(0);
    expect(leastSecondsFor(3, freePlanLimit)).toBe(0.5);
    expect(leastSecondsFor(302, freePlanLimit)).toBe(150);
    expect(leastSecondsFor(100, { perSecond: 16, burst: 50 })).toBeCloseTo(3.125);
  });

  it('is zero for no requests', () => {
    expect(leastSecondsFor(0, freePlanLimit)).toBe(0);
  });
});

describe('leastJobSeconds', () => {
  it('runs two jobs at a time, so an odd last job takes a whole turn', () => {
    expect(leastJobSeconds(73, 2_500)).toBe(92.5);
    expect(leastJobSeconds(4, 1_000)).toBe(2);
    expect(leastJobSeconds(0, 1_000)).toBe(0);
  });
});

describe('routePatterns', () => {
  it('folds job ids into one route and keeps the create routes apart', () => {
    expect(
      routePatterns({
        'POST /api/v2/jobs/users-imports': 4,
        'GET /api/v2/jobs/job_a1': 3,
        'GET /api/v2/jobs/job_b2': 2,
        'GET /api/v2/jobs/job_b2/errors': 1,
      }),
    ).toEqual({
      'POST /api/v2/jobs/users-imports': 4,
      'GET /api/v2/jobs/{id}': 5,
      'GET /api/v2/jobs/{id}/errors': 1,
    });
  });
});
