import type { FileReport, FixCount } from '../../core/workbench/contract';

/** The automatic fixes of several files as one line per fix, records summed (FixList keys its rows by code). */
export function mergeFixes(files: readonly FileReport[]): FixCount[] {
  const merged = new Map<string, FixCount>();
  for (const fix of files.flatMap((file) => file.fixes)) {
    const known = merged.get(fix.code);
    merged.set(fix.code, known ? { ...known, records: known.records + fix.records } : fix);
  }
  return [...merged.values()];
}
