import type { FindingPage, WorkbenchSummary, FileReport } from '../core/workbench/contract';

/** Findings shown in the human output; --json gives all of them. */
export const shownFindings = 20;

function fileLine(file: FileReport): string[] {
  const c = file.counts;
  const format = file.format ? `${file.format}${file.compressed ? ', gzip' : ''}` : 'unknown format';
  const lines = [
    `${file.name} (${format}, ${file.bytes} bytes): ${c.total} records: ${c.valid} valid, ${c.fixed} fixed, ` +
      `${c.invalid} with errors, ${c.skipped} skipped`,
  ];
  for (const fix of file.fixes)
    lines.push(`  fixed: ${fix.description} (${fix.records} ${fix.records === 1 ? 'record' : 'records'})`);
  if (file.problem) {
    const p = file.problem;
    const where =
      p.line === null ? '' : ` (line ${p.line}${p.column === null ? '' : `, column ${p.column}`})`;
    lines.push(`  CANNOT READ${where}: ${p.message}`, `    ${p.hint}`);
  }
  if (file.cancelled) lines.push('  cancelled before the end of the file');
  return lines;
}

/** The summary and the first findings, for a terminal. */
export function humanReport(summary: WorkbenchSummary, page: FindingPage): string {
  const lines = summary.files.flatMap(fileLine);
  const c = summary.counts;
  if (summary.files.length > 1) {
    lines.push(
      `Total: ${c.total} records: ${c.valid} valid, ${c.fixed} fixed, ${c.invalid} with errors, ${c.skipped} skipped`,
    );
  }
  lines.push(`${summary.findingCounts.errors} errors, ${summary.findingCounts.warnings} warnings.`);
  if (page.rows.length > 0)
    lines.push('', page.total > page.rows.length ? `First ${page.rows.length} findings:` : 'Findings:');
  for (const f of page.rows) {
    const where = `${f.file}${f.line === null ? '' : `:${f.line}`} record ${f.record + 1}${f.path ? ` ${f.path}` : ''}`;
    lines.push(`  ${f.severity.toUpperCase()} ${where} [${f.code}] ${f.message}`, `      ${f.hint}`);
  }
  if (page.total > page.rows.length)
    lines.push(`  ... and ${page.total - page.rows.length} more (use --json for all).`);
  return lines.join('\n') + '\n';
}
