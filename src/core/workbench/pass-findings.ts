/** Findings the engine itself reports while it reads a file (beyond the record checker's). */
import type { Finding, SourceRecord } from '../findings';

export function unserializable(file: string, source: SourceRecord): Finding {
  return {
    file,
    record: source.index,
    line: source.line,
    path: '',
    code: 'record.unserializable',
    severity: 'error',
    message: `Record ${source.index + 1} cannot be written out as JSON (it is probably nested too deeply).`,
    hint: 'Look at this record: user records are flat objects with small metadata objects.',
  };
}

export function tooLarge(file: string, source: SourceRecord, splitBytes: number): Finding {
  return {
    file,
    record: source.index,
    line: source.line,
    path: '',
    code: 'record.too-large',
    severity: 'error',
    message: `Record ${source.index + 1} is larger than an import part may be (${splitBytes} bytes).`,
    hint: 'Make the record smaller (usually its metadata), or raise the part size up to the API limit.',
  };
}

/**
 * One finding per file that could not be read to its end: `held` good records read before the fault were left out
 * of every output. It points at the record where reading stopped (`records` were read) and the fault's line.
 */
export function heldBackFinding(file: string, records: number, line: number | null, held: number): Finding {
  const many = held !== 1;
  return {
    file,
    record: records,
    line,
    path: '',
    code: 'file.unreadable-skipped',
    severity: 'warning',
    message:
      'The file could not be read to its end, so none of its records are in the converted file or import parts: ' +
      `${held} good record${many ? 's' : ''} read before the fault ${many ? 'were' : 'was'} left out.`,
    hint: 'Fix or replace the file (its problem says where reading stopped), then run it again to include its records.',
  };
}

/** A record the checker threw on (a checker bug, or a stack overflow on a pathological record). */
export function checkFailed(file: string, source: SourceRecord): Finding {
  return {
    file,
    record: source.index,
    line: source.line,
    path: '',
    severity: 'error',
    code: 'record.check-failed',
    message: `Record ${source.index + 1} could not be checked (it may be nested too deeply).`,
    hint: 'Look at this record: user records are flat objects with small metadata objects.',
  };
}
