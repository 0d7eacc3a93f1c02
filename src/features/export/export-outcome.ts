/** The result of an export run as the screen shows it, and where the file goes (a Blob, or a file on disk). */
import type { EngineResult } from '../../core/export/pipeline/export-engine';
import type { OutputFormat } from '../../core/export/pipeline/output-spec';
import type { RowProblem } from '../../core/export/pipeline/transform';
import type { WorkerTarget } from './export-bridge';

export interface ExportOutcome {
  fileName: string;
  /** Object URL of the Blob, or null when the file was written to disk. */
  href: string | null;
  blob: Blob | null;
  bytes: number;
  counts: EngineResult['counts'];
  unreadable: number;
  problems: RowProblem[];
  completeness: string | null;
  format: OutputFormat;
}

/** The outcome of a finished (not cancelled) run; its `href` is an object URL the caller revokes. */
export function exportOutcome(
  result: EngineResult,
  fileName: string,
  target: WorkerTarget,
  completeness: string | null,
  format: OutputFormat,
): ExportOutcome {
  return {
    fileName: target.kind === 'file' ? target.handle.name : fileName,
    href: result.blob ? URL.createObjectURL(result.blob) : null,
    blob: result.blob,
    bytes: result.bytesOut,
    counts: result.counts,
    unreadable: result.unreadable,
    problems: result.problems,
    completeness,
    format,
  };
}

type ShowSaveFilePicker = (options: { suggestedName: string }) => Promise<FileSystemFileHandle>;

/**
 * Where the file goes: a file the admin picks (when asked for and the browser can), else a Blob. Null when the admin
 * closed the save dialog. Must run within the click (the dialog needs the user's gesture).
 */
export async function chooseSaveTarget(fileName: string, toDisk: boolean): Promise<WorkerTarget | null> {
  if (!toDisk) return { kind: 'blob' };
  try {
    const pick = (globalThis as unknown as { showSaveFilePicker: ShowSaveFilePicker }).showSaveFilePicker;
    return { kind: 'file', handle: await pick({ suggestedName: fileName }) };
  } catch {
    return null;
  }
}
