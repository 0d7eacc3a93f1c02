/** Turns measurements into the printed tables and the one-line summary the lead reads. */
import type { BaselineKind, BaselineResult, DownloadsResult, WorkbenchResult } from './bench-types';
import type { UserFileFormat, UserFileSet } from './data/user-files';
import type { JqResult } from './jq-baseline';
import type { MemoryPeak } from './renderer-memory';

export interface Measured<T> {
  result: T;
  memory: MemoryPeak;
}

export interface FileMeasurement {
  set: UserFileSet;
  format: UserFileFormat;
  bytes: number;
  workbench: Measured<WorkbenchResult>[];
  /** NDJSON only: the workbench again with this many helper threads (`workers: n`), when asked for. */
  helpers: { count: number; runs: Measured<WorkbenchResult>[] } | null;
  /** downloads() after each workbench run, measured on its own. */
  downloads: Measured<DownloadsResult>[];
  baselines: Partial<Record<BaselineKind, Measured<BaselineResult>[]>>;
  /** jq runs over the NDJSON file, or a note saying why there are none. */
  jq: JqResult[] | string | null;
}

export interface Row {
  what: string;
  megabytesPerSecond: number;
  recordsPerSecond: number;
  seconds: number;
  peakMiB: number | null;
  idleMiB: number | null;
  runs: number;
}

const mib = 1024 * 1024;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function rowOf(
  what: string,
  bytes: number,
  records: number,
  ms: number[],
  memory: (MemoryPeak | null)[],
): Row {
  const seconds = median(ms) / 1000;
  const peaks = memory.filter((m): m is MemoryPeak => m !== null);
  return {
    what,
    megabytesPerSecond: bytes / 1e6 / seconds,
    recordsPerSecond: records / seconds,
    seconds,
    peakMiB: peaks.length ? Math.max(...peaks.map((m) => m.peakBytes)) / mib : null,
    idleMiB: peaks.length ? median(peaks.map((m) => m.idleBytes)) / mib : null,
    runs: ms.length,
  };
}

/** The rows of one file's table: the workbench, its in-browser baseline, and jq when it ran. */
export function rowsOf(file: FileMeasurement): Row[] {
  const records = file.set.count;
  const rows = [
    rowOf('workbench check+import', file.bytes, records, file.workbench.map((m) => m.result.ms), file.workbench.map((m) => m.memory)), // prettier-ignore
  ];
  if (file.helpers?.runs.length) {
    const { count, runs } = file.helpers;
    rows.push(rowOf(`  with ${count} helpers`, file.bytes, records, runs.map((m) => m.result.ms), runs.map((m) => m.memory))); // prettier-ignore
  }
  for (const [kind, runs = []] of Object.entries(file.baselines)) {
    rows.push(
      rowOf(
        `baseline ${kind}`,
        file.bytes,
        records,
        runs.map((m) => m.result.ms),
        runs.map((m) => m.memory),
      ),
    );
  }
  if (Array.isArray(file.jq) && file.jq.length) {
    const peaks = file.jq.map((run) => run.peakBytes);
    const memory = peaks.every((p) => p !== null) ? peaks.map((p) => ({ idleBytes: 0, peakBytes: p, method: 'sampled' as const })) : []; // prettier-ignore
    const row = rowOf(
      'jq -s length (native)',
      file.bytes,
      records,
      file.jq.map((run) => run.ms),
      memory,
    );
    rows.push({ ...row, idleMiB: null });
  }
  return rows;
}

/** Differences between what the engine counted and what the generator made, empty when they agree. */
export function countMismatches(file: FileMeasurement): string[] {
  const { kinds, count } = file.set;
  const problems: string[] = [];
  for (const { result } of [...file.workbench, ...(file.helpers?.runs ?? [])]) {
    const c = result.counts;
    const expected = {
      total: count,
      valid: kinds.valid,
      fixed: kinds.fixable,
      invalid: kinds.invalid,
      skipped: 0,
    };
    for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
      if (c[key] !== expected[key]) problems.push(`${key} ${c[key]} (generator: ${expected[key]})`);
    }
    if (result.problem) problems.push(`file problem: ${result.problem}`);
    if (result.parts < 1) problems.push('no import parts produced');
    if (problems.length) break;
  }
  return problems;
}

export const fmt = (value: number, digits = 1): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The column titles of a table of rows. */
export function tableHeader(): string {
  return `  ${'what'.padEnd(26)}${'MB/s'.padStart(8)}${'records/s'.padStart(12)}${'seconds'.padStart(9)}${'peak MiB'.padStart(10)}${'idle MiB'.padStart(10)}${'runs'.padStart(6)}`; // prettier-ignore
}

/** One row of a table, under `tableHeader()`. */
export function rowLine(row: Row): string {
  const peak = row.peakMiB === null ? '-' : fmt(row.peakMiB, 0);
  const idle = row.idleMiB === null ? '-' : fmt(row.idleMiB, 0);
  return `  ${row.what.padEnd(26)}${fmt(row.megabytesPerSecond).padStart(8)}${fmt(row.recordsPerSecond, 0).padStart(12)}${fmt(row.seconds, 2).padStart(9)}${peak.padStart(10)}${idle.padStart(10)}${String(row.runs).padStart(6)}`; // prettier-ignore
}

/** The printed block for one file. */
export function fileTable(file: FileMeasurement): string[] {
  const name = file.set.files[file.format].name;
  const lines = [
    '',
    `${name}: ${fmt(file.bytes / 1e6)} MB, ${file.set.count.toLocaleString('en-US')} records`,
    tableHeader(),
  ];
  for (const row of rowsOf(file)) lines.push(rowLine(row));
  const first = file.workbench[0]?.result;
  if (first) {
    const c = first.counts;
    lines.push(
      `  engine: total ${c.total}, valid ${c.valid}, fixed ${c.fixed}, invalid ${c.invalid}, skipped ${c.skipped}; ` +
        `${first.parts} parts; engine time ${fmt(median(file.workbench.map((m) => m.result.engineMs)) / 1000, 2)} s (median); ${first.progressEvents} progress events`,
    );
    const mismatches = countMismatches(file);
    lines.push(
      mismatches.length ? `  COUNTS DIFFER: ${mismatches.join('; ')}` : '  counts match the generator',
    );
    if (mismatches.length) lines.push(`  finding codes: ${JSON.stringify(first.byCode)}`);
  }
  const downloads = file.downloads;
  if (downloads.length) {
    const { files, importBytes, outputBytes } = downloads[0].result;
    const peak = Math.max(...downloads.map((d) => d.memory.peakBytes)) / mib;
    lines.push(
      `  then downloads() (parts, zip, error reports): ${fmt(median(downloads.map((d) => d.result.ms)) / 1000, 2)} s, ` +
        `peak ${fmt(peak, 0)} MiB; ${files} files, import JSON ${fmt(importBytes / 1e6)} MB, all ${fmt(outputBytes / 1e6)} MB`,
    );
  }
  if (typeof file.jq === 'string') lines.push(`  jq: ${file.jq}`);
  return lines;
}

/** The workbench row (default options), the fastest in-browser baseline row, and the ratio of their throughputs. */
function headline(file: FileMeasurement): {
  workbench: Row;
  helpers: Row | null;
  baseline: Row;
  ratio: number;
} {
  const [workbench, ...others] = rowsOf(file);
  const helpers = others.find((row) => row.what.includes(' helpers')) ?? null;
  const baselines = others.filter((row) => row.what.startsWith('baseline '));
  const baseline = baselines.reduce((best, row) =>
    row.megabytesPerSecond > best.megabytesPerSecond ? row : best,
  );
  return { workbench, helpers, baseline, ratio: workbench.megabytesPerSecond / baseline.megabytesPerSecond };
}

/** The last line: check vs JSON.parse throughput and peak memory (renderer RSS) for an NDJSON file. */
export function summaryLine(file: FileMeasurement): string {
  const { workbench, baseline, ratio } = headline(file);
  return (
    `bench: check ${fmt(workbench.megabytesPerSecond)} MB/s, JSON.parse ${fmt(baseline.megabytesPerSecond)} MB/s, ` +
    `ratio ${ratio.toFixed(2)}, peak ${fmt(workbench.peakMiB ?? Number.NaN, 0)} MiB`
  );
}

/** Whether the NDJSON figures meet the targets (ratio >= 0.6, peak < 300 MiB), and what the figures are made of. */
export function targetsLine(file: FileMeasurement): string {
  const { workbench, helpers, baseline, ratio } = headline(file);
  const mark = (ok: boolean): string => (ok ? 'met' : 'MISSED');
  const peak = workbench.peakMiB ?? Number.POSITIVE_INFINITY;
  const aboveIdle =
    workbench.idleMiB === null ? '' : `, ${fmt(peak - workbench.idleMiB, 0)} MiB above the idle page`;
  const line =
    `targets (${file.set.files.ndjson.name}, default options): ratio >= 0.6 ${mark(ratio >= 0.6)} ` +
    `(vs ${baseline.what}), peak < 300 MiB ${mark(peak < 300)} (renderer RSS${aboveIdle})`;
  if (!helpers) return line;
  const helperRatio = helpers.megabytesPerSecond / baseline.megabytesPerSecond;
  const helperPeak = helpers.peakMiB ?? Number.POSITIVE_INFINITY;
  return (
    `${line}\n${helpers.what.trim()}: ratio ${helperRatio.toFixed(2)} (${mark(helperRatio >= 0.6)}), ` +
    `peak ${fmt(helperPeak, 0)} MiB (${mark(helperPeak < 300)})`
  );
}
