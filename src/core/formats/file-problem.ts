import type { FileProblem } from '../findings';

/** What a reader knows about a fatal fault; the engine adds the file name. */
export type FileFault = Omit<FileProblem, 'file'>;

/**
 * Thrown by a reader when the file cannot be read any further (a structural fault, a wrong encoding). Records read
 * before the fault stay counted; the engine turns this into the file's `problem`.
 */
export class FileProblemError extends Error {
  readonly fault: FileFault;

  constructor(fault: FileFault) {
    super(fault.message);
    this.name = 'FileProblemError';
    this.fault = fault;
  }
}

/** A fault with no position (encoding, empty file). */
export function faultWithoutPosition(code: string, message: string, hint: string): FileProblemError {
  return new FileProblemError({ code, message, hint, line: null, column: null, offset: null });
}

/** A file with no records at all (nothing, or only blanks). */
export function emptyFileFault(): FileProblemError {
  return faultWithoutPosition(
    'file.empty',
    'The file is empty: it holds no users.',
    'Choose the file that holds the users.',
  );
}
