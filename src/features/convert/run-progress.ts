/** Progress of a run, shaped for display: one row per file, and short sentences for screen readers. */
import type { WorkbenchInput, WorkbenchProgress, WorkbenchSummary } from '../../core/workbench/contract';
import { formatBytes, formatDuration, formatSpeed, plural } from '../../components/units';

export type FileProgressState = 'waiting' | 'reading' | 'done';

export interface FileProgressRow {
  name: string;
  state: FileProgressState;
  /** Bytes read and the file's size. */
  bytesRead: number;
  totalBytes: number;
  records: number;
  /** Live figures for the file being read, already formatted; empty otherwise. */
  speed: string;
  eta: string;
}

/**
 * The engine reports only the file it is reading; the files before it are done and the ones after it wait.
 * `finished` marks every file done (the run is over).
 */
export function fileProgressRows(
  inputs: readonly WorkbenchInput[],
  progress: WorkbenchProgress | null,
  finished: boolean,
): FileProgressRow[] {
  const current = progress?.fileIndex ?? (finished ? inputs.length : 0);
  return inputs.map((input, index): FileProgressRow => {
    const size = input.blob.size;
    if (finished || index < current) return row(input.name, 'done', size, size, null);
    if (index > current || !progress) return row(input.name, 'waiting', 0, size, null);
    return row(input.name, 'reading', progress.bytesRead, progress.totalBytes || size, progress);
  });
}

function row(
  name: string,
  state: FileProgressState,
  bytesRead: number,
  totalBytes: number,
  live: WorkbenchProgress | null,
): FileProgressRow {
  return {
    name,
    state,
    bytesRead,
    totalBytes,
    records: live?.records ?? 0,
    speed: live ? formatSpeed(live.megabytesPerSecond) : '',
    eta: live?.etaSeconds == null ? '' : formatDuration(live.etaSeconds),
  };
}

/** "Reading users.json (file 1 of 2): 40%, 12,000 records, about 5 s left." */
export function announceProgress(progress: WorkbenchProgress): string {
  const share = progress.totalBytes > 0 ? Math.floor((progress.bytesRead / progress.totalBytes) * 100) : 0;
  const position = progress.fileCount > 1 ? ` (file ${progress.fileIndex + 1} of ${progress.fileCount})` : '';
  const eta = progress.etaSeconds == null ? '' : `, about ${formatDuration(progress.etaSeconds)} left`;
  return `Reading ${progress.file}${position}: ${share}%, ${plural(progress.records, 'record')} of ${formatBytes(progress.totalBytes)}${eta}.`;
}

/** "Done: 30 records, 20 valid, 4 fixed, 5 invalid, 1 skipped." or the reason a file could not be read. */
export function announceSummary(summary: WorkbenchSummary): string {
  const { total, valid, fixed, invalid, skipped } = summary.counts;
  const cancelled = summary.files.some((file) => file.cancelled) ? 'Cancelled' : 'Done';
  const unreadable = summary.files.filter((file) => file.problem).length;
  const problems = unreadable > 0 ? ` ${plural(unreadable, 'file')} could not be read to the end.` : '';
  return `${cancelled}: ${plural(total, 'record')}, ${valid} valid, ${fixed} fixed, ${invalid} invalid, ${skipped} skipped.${problems}`;
}
