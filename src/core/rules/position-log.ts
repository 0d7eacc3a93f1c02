/**
 * Where each remembered record is (file, record index, line), by location id: 0, 1, 2, ... in the order records are
 * remembered. Kept as runs: a run is a stretch of ids whose record index and line each go up by one from one id to
 * the next, in one file. That is the usual case (every record accepted, one line each), so a new run starts only
 * where a record was left out, a record took more lines than one, a blank line came, or the file changed: the
 * 1M-user bench files hold ~20,000 runs (16 bytes each) where one entry per record took 12 MB.
 */
import { releaseBuffer } from '../release-buffer';

/** Room for runs a new log starts with (it doubles as it fills). */
const initialRuns = 64;

export interface LoggedPosition {
  fileId: number;
  record: number;
  /** -1 when the line is not known. */
  line: number;
}

export class PositionLog {
  /** Ids handed out. */
  size = 0;
  private runs = 0;
  /** Per run: its first id, its file, and the record index and line of its first id (line -1: unknown). */
  private runStart = new Uint32Array(initialRuns);
  private runFile = new Uint32Array(initialRuns);
  private runRecord = new Uint32Array(initialRuns);
  private runLine = new Int32Array(initialRuns);

  /** Logs the next record's position (`line` -1 for unknown); returns its id. */
  add(fileId: number, record: number, line: number): number {
    const id = this.size++;
    const last = this.runs - 1;
    if (last >= 0 && this.runFile[last] === fileId) {
      const step = id - this.runStart[last];
      const firstLine = this.runLine[last];
      const lineFollows = firstLine < 0 ? line < 0 : line === firstLine + step;
      if (this.runRecord[last] + step === record && lineFollows) return id;
    }
    if (this.runs === this.runStart.length) this.grow();
    const run = this.runs++;
    this.runStart[run] = id;
    this.runFile[run] = fileId;
    this.runRecord[run] = record;
    this.runLine[run] = line < 0 ? -1 : line;
    return id;
  }

  /** The position logged for `id` (0 <= id < size). */
  at(id: number): LoggedPosition {
    const run = this.runOf(id);
    const step = id - this.runStart[run];
    const firstLine = this.runLine[run];
    return {
      fileId: this.runFile[run],
      record: this.runRecord[run] + step,
      line: firstLine < 0 ? -1 : firstLine + step,
    };
  }

  /** The file of `id` (0 <= id < size). */
  fileOf(id: number): number {
    return this.runFile[this.runOf(id)];
  }

  /** The last run starting at or before `id`. */
  private runOf(id: number): number {
    let low = 0;
    let high = this.runs - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.runStart[middle] <= id) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** Forgets the positions at the end that belong to `fileId` (files are logged one after another). */
  dropTrailingFile(fileId: number): void {
    while (this.runs > 0 && this.runFile[this.runs - 1] === fileId) {
      this.runs--;
      this.size = this.runStart[this.runs];
    }
  }

  /** Bytes held. */
  get bytes(): number {
    return this.runStart.byteLength * 4;
  }

  /** Forgets everything and gives the memory back at once (see releaseBuffer). */
  release(): void {
    this.replaceColumns(initialRuns, false);
    this.runs = 0;
    this.size = 0;
  }

  private grow(): void {
    this.replaceColumns(this.runStart.length * 2, true);
  }

  /** New columns of `runs` runs (holding the old ones' runs with `keep`); the old ones' memory is given back. */
  private replaceColumns(runs: number, keep: boolean): void {
    const replaced = <T extends Uint32Array | Int32Array>(from: T, to: T): T => {
      if (keep) to.set(from);
      releaseBuffer(from.buffer);
      return to;
    };
    this.runStart = replaced(this.runStart, new Uint32Array(runs));
    this.runFile = replaced(this.runFile, new Uint32Array(runs));
    this.runRecord = replaced(this.runRecord, new Uint32Array(runs));
    this.runLine = replaced(this.runLine, new Int32Array(runs));
  }
}
