/** Human-readable numbers for the UI: counts, byte sizes, speeds and durations, in English with thin grouping. */

const countFormat = new Intl.NumberFormat('en-US');

/** 12345 -> "12,345". */
export function formatCount(value: number): string {
  return countFormat.format(value);
}

const byteUnits = ['bytes', 'KB', 'MB', 'GB', 'TB'] as const;

/** Decimal units (1 KB = 1000 bytes), as Auth0 states its import limit. 1536 -> "1.5 KB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  if (bytes < 1000) return `${formatCount(Math.round(bytes))} ${bytes === 1 ? 'byte' : 'bytes'}`;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < byteUnits.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${byteUnits[unit]}`;
}

/** 12.345 -> "12.3 MB/s". */
export function formatSpeed(megabytesPerSecond: number): string {
  if (!Number.isFinite(megabytesPerSecond) || megabytesPerSecond <= 0) return '–';
  const digits = megabytesPerSecond >= 100 ? 0 : 1;
  return `${megabytesPerSecond.toFixed(digits)} MB/s`;
}

/** Seconds as a short duration: 4 -> "4 s", 75 -> "1 min 15 s", 3900 -> "1 h 5 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes} min ${whole % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Milliseconds as a precise short duration for summaries: 850 -> "0.85 s", 12500 -> "12.5 s". */
export function formatElapsed(milliseconds: number): string {
  if (milliseconds < 10_000) return `${(milliseconds / 1000).toFixed(2)} s`;
  if (milliseconds < 60_000) return `${(milliseconds / 1000).toFixed(1)} s`;
  return formatDuration(milliseconds / 1000);
}

/** "1 record" / "2 records". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}
