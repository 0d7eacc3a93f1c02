/** What screen readers hear about a run: a short sentence now and then, never a flood. */
import type { ImportRun, RunProgress } from '../../core/import';
import { formatElapsed } from '../../components/units';

const statusWords: Record<ImportRun['status'], string> = {
  planned: 'Import planned',
  running: 'Import running',
  cancelling: 'Import cancelling',
  paused: 'Import paused',
  'needs-decision': 'Import waiting for your decision',
  finished: 'Import finished',
  cancelled: 'Import cancelled',
};

/** One sentence: status, parts done, records in each outcome, and (while running) the time left. */
export function announceRun(run: ImportRun, progress: RunProgress, final: boolean): string {
  const { chunks, records } = progress;
  const parts = `${chunks.done + chunks.failed} of ${chunks.total} parts done`;
  const counts =
    `${records.inserted} inserted, ${records.updated} updated, ${records.imported} imported, ` +
    `${records.failed} failed, ${records.skipped} skipped of ${records.total} records`;
  const eta = !final && progress.etaMs !== null ? `, about ${formatElapsed(progress.etaMs)} left` : '';
  const problem = run.problem ? ` ${run.problem.message}` : '';
  return `${statusWords[run.status]}: ${parts}; ${counts}${eta}.${problem}`;
}
