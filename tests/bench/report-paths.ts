/** The printed blocks of the export, import-planning and import-run paths, in the workbench tables' style. */
import type { ImportRunResult } from './import-run';
import { routePatterns } from './import-run-figures';
import type { ExportMeasurement, ImportPlanMeasurement } from './measure-paths';
import { fmt, median, rowLine, rowOf, tableHeader, type Measured, type Row } from './report';

/** The fastest baseline row of several, for a ratio. */
function fastest(rows: Row[]): Row {
  return rows.reduce((best, row) => (row.megabytesPerSecond > best.megabytesPerSecond ? row : best));
}

const ratioText = (path: Row, baseline: Row): string =>
  (path.megabytesPerSecond / baseline.megabytesPerSecond).toFixed(2);

/** The export table: CSV and import-ready JSON against inflate + JSON.parse, MB/s over the NDJSON inside the gzip. */
export function exportTable(m: ExportMeasurement): string[] {
  const { file } = m;
  const bytes = file.ndjsonBytes;
  const row = (what: string, runs: Measured<{ ms: number }>[]): Row =>
    rowOf(
      what,
      bytes,
      file.count,
      runs.map((r) => r.result.ms),
      runs.map((r) => r.memory),
    );
  const csv = row('export csv (11 fields)', m.exports.csv);
  const json = row('export import-ready JSON', m.exports['import-ready']);
  const baseline = row('baseline gzip-ndjson', m.baseline);
  const lines = [
    '',
    `export ${file.name}: ${fmt(file.gzipBytes / 1e6)} MB gzip, ${fmt(bytes / 1e6)} MB NDJSON (MB/s counts these), ${file.count.toLocaleString('en-US')} users`, // prettier-ignore
    tableHeader(),
    rowLine(csv),
    rowLine(json),
    rowLine(baseline),
  ];
  for (const [kind, runs] of Object.entries(m.exports)) {
    const r = runs[0]?.result;
    if (!r) continue;
    const ok = r.read === file.count && r.written === file.count && r.unreadable === 0;
    lines.push(
      `  ${kind}: read ${r.read}, written ${r.written}, skipped ${r.skipped}, warnings ${r.warnings}, unreadable ${r.unreadable}; ` +
        `output ${fmt(r.bytesOut / 1e6)} MB${ok ? '' : '  COUNTS DIFFER from the file'}`,
    );
  }
  lines.push(`  ratio to inflate+JSON.parse: csv ${ratioText(csv, baseline)}, import-ready ${ratioText(json, baseline)}`); // prettier-ignore
  return lines;
}

/** The import-planning table: check + plan (records/s) against the NDJSON parse baselines of the same file. */
export function importPlanTable(m: ImportPlanMeasurement): string[] {
  const { set, bytes } = m;
  const plan = rowOf('import check+plan', bytes, set.count, m.plans.map((p) => p.result.ms), m.plans.map((p) => p.memory)); // prettier-ignore
  const baselines = Object.entries(m.baselines).map(
    ([kind, runs = []]) =>
    rowOf(`baseline ${kind}`, bytes, set.count, runs.map((r) => r.result.ms), runs.map((r) => r.memory)), // prettier-ignore
  );
  const lines = ['', `import planning ${set.files.ndjson.name}: ${fmt(bytes / 1e6)} MB, ${set.count.toLocaleString('en-US')} records, ${m.chunkBytes.toLocaleString('en-US')}-byte parts`, tableHeader(), rowLine(plan), ...baselines.map(rowLine)]; // prettier-ignore
  const first = m.plans[0]?.result;
  if (first) {
    const checkS = median(m.plans.map((p) => p.result.checkMs)) / 1000;
    const planS = median(m.plans.map((p) => p.result.planMs)) / 1000;
    const expected = set.kinds.valid + set.kinds.fixable;
    const ok = first.total === set.count && first.planned === expected && first.skipped === set.kinds.invalid;
    lines.push(
      `  check ${fmt(checkS, 2)} s + plan ${fmt(planS, 2)} s (medians); ${first.chunks} parts, ${first.planned} records planned, ` +
        `${first.skipped} skipped; payloads ${fmt(first.payloadBytes / 1e6)} MB, largest ${first.largestPayload.toLocaleString('en-US')} bytes`,
      ok
        ? '  counts match the generator'
        : `  COUNTS DIFFER: planned ${first.planned} (generator: ${expected} valid+fixable), skipped ${first.skipped} (generator: ${set.kinds.invalid} invalid)`,
    );
  }
  if (baselines.length) lines.push(`  ratio to the faster NDJSON parse (${fastest(baselines).what}): ${ratioText(plan, fastest(baselines))}`); // prettier-ignore
  return lines;
}

/** The import run against the emulated Free-plan tenant: wall time, requests, and the least time they allow. */
export function importRunLines(r: ImportRunResult): string[] {
  const c = r.counts;
  const routes = Object.entries(routePatterns(r.counters.byRoute))
    .map(([route, count]) => `${route} ${count}`)
    .join(', ');
  const accounted = c.inserted + c.updated + c.imported + c.failed + c.skipped + c.unknown;
  return [
    '',
    `import run: ${r.users.toLocaleString('en-US')} users into the emulated tenant, Free plan (2 req/s, burst 2), ` +
      `jobs ${r.timing.pendingMs} ms pending + ${r.timing.processingMs} ms processing, Node runImport + src/api client`,
    `  planned in ${fmt(r.planSeconds, 2)} s; run ${r.status}${r.problem ? ` (${r.problem})` : ''}: ${r.chunks} parts, ` +
      `inserted ${c.inserted}, updated ${c.updated}, failed ${c.failed}, skipped ${c.skipped}, unknown ${c.unknown}` +
      (accounted === r.users ? '' : `  ACCOUNTING GAP: ${accounted} of ${r.users}`),
    `  requests ${r.counters.requests} (429 ${r.counters.rateLimited}, "2 active jobs" ${r.counters.importLimitRefused}, ` +
      `most active ${r.counters.maxActiveImports}): ${routes}`,
    `  wall ${fmt(r.wallSeconds, 1)} s, least the rate limit allows for ${r.accepted} requests ${fmt(r.leastSeconds, 1)} s, ` +
      `ratio ${(r.wallSeconds / Math.max(r.leastSeconds, 0.001)).toFixed(2)}`,
    `  (the jobs alone need at least ${fmt(r.leastJobSeconds, 1)} s: ${r.chunks} parts, 2 at a time, ` +
      `${r.timing.pendingMs + r.timing.processingMs} ms each)`,
  ];
}
