import { FileProblemError } from './file-problem';
import { utf8Length } from './utf8';

/**
 * Line and column bookkeeping for a reader that scans text chunk by chunk, and faults that point at a position.
 * Columns count UTF-16 code units from 1; byte offsets are computed only when a fault is raised.
 */
export class JsonScanPosition {
  line = 1;
  /** Absolute character index where the current line starts. */
  private lineStart = 0;
  /** Absolute character index where the current chunk starts. */
  private chunkStart = 0;
  private text = '';
  private byteOffset = 0;

  /** Starts at `line` and `column` instead of the start of a file (a reader that takes over partway). */
  resumeAt(line: number, column: number): void {
    this.line = line;
    this.lineStart = this.chunkStart - (column - 1);
  }

  beginChunk(text: string, byteOffset: number): void {
    this.text = text;
    this.byteOffset = byteOffset;
  }

  endChunk(): void {
    this.chunkStart += this.text.length;
  }

  /** Records that the character at chunk index `i` is a line feed. */
  newline(i: number): void {
    this.line++;
    this.lineStart = this.chunkStart + i + 1;
  }

  column(i: number): number {
    return this.chunkStart + i - this.lineStart + 1;
  }

  charCode(i: number): number {
    return this.text.charCodeAt(i);
  }

  fault(i: number, code: string, message: string, hint: string): FileProblemError {
    const offset = this.byteOffset + utf8Length(this.text.slice(0, i));
    return new FileProblemError({ code, message, hint, line: this.line, column: this.column(i), offset });
  }

  /** A fault at the end of the text (after the last chunk was ended). */
  faultAtEnd(code: string, message: string, hint: string): FileProblemError {
    const offset = this.byteOffset + utf8Length(this.text);
    const column = this.chunkStart - this.lineStart + 1;
    return new FileProblemError({ code, message, hint, line: this.line, column, offset });
  }
}
