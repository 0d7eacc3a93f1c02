/** Outcome totals: counted once from stored rows, then kept current by applying each write's difference. */
import type { Collection } from 'dexie';
import {
  emptyOutcomeCounts,
  type OutcomeCounts,
  type OutcomeKind,
  type RecordOutcome,
} from '../core/import/types';
import type { OutcomeRow } from './records';

/** Counts the outcomes of a collection with a cursor (nothing loaded at once). */
export async function countOutcomes(rows: Collection<OutcomeRow>): Promise<OutcomeCounts> {
  const counts = emptyOutcomeCounts();
  await rows.each((row) => {
    counts[row.outcome] += 1;
  });
  return counts;
}

/**
 * Applies a write to totals in place: each new outcome counts once, and an outcome it replaces (same file and record,
 * `previous[i]` for `next[i]`) stops counting.
 */
export function applyOutcomeWrite(
  counts: OutcomeCounts,
  next: readonly RecordOutcome[],
  previous: readonly (RecordOutcome | undefined)[],
): void {
  next.forEach((outcome, i) => {
    const before: OutcomeKind | undefined = previous[i]?.outcome;
    if (before !== undefined) counts[before] -= 1;
    counts[outcome.outcome] += 1;
  });
}
