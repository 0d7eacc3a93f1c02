import { FileProblemError } from './file-problem';
import { parseErrorText, type RecordReader, type RecordSink } from './record-reader';

/**
 * Reads newline-delimited JSON: one record per line, LF or CRLF, blank lines skipped (and not counted). A line that
 * is not valid JSON is a record-level problem, not a fatal one: the other lines are still read.
 */
export class NdjsonReader implements RecordReader {
  records = 0;
  private line = 0;
  private carry: string[] = [];
  private readonly sink: RecordSink;

  constructor(sink: RecordSink) {
    this.sink = sink;
  }

  push(text: string): void {
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      if (newline === -1) {
        if (start < text.length) this.carry.push(start === 0 ? text : text.slice(start));
        return;
      }
      let lineText = text.slice(start, newline);
      if (this.carry.length > 0) {
        this.carry.push(lineText);
        lineText = this.carry.join('');
        this.carry = [];
      }
      this.readLine(lineText);
      start = newline + 1;
    }
  }

  end(): void {
    if (this.carry.length > 0) {
      const lineText = this.carry.join('');
      this.carry = [];
      this.readLine(lineText);
    }
  }

  private readLine(text: string): void {
    this.line++;
    if (text.length > 0 && text.charCodeAt(text.length - 1) === 0x0d) text = text.slice(0, -1);
    if (text.length === 0 || (isBlankStart(text.charCodeAt(0)) && text.trim() === '')) return;
    const index = this.records++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (index === 0 && !text.trimEnd().endsWith('}')) throw this.multilineObject(text);
      this.sink.unreadable(index, this.line, {
        code: 'ndjson.parse',
        message: `Line ${this.line} is not valid JSON: ${parseErrorText(error)}.`,
        hint: 'Each line must hold one complete JSON object: fix this line or remove it.',
      });
      return;
    }
    this.sink.record({ index, line: this.line, value }, text);
  }

  /** The file starts with `{` but its first line is not a whole object: a pretty-printed object, not NDJSON. */
  private multilineObject(text: string): FileProblemError {
    return new FileProblemError({
      code: 'ndjson.multiline-object',
      message:
        `The file starts with "{" but line ${this.line} is not a complete JSON object: this looks like a single ` +
        'pretty-printed JSON object, not a list of users (NDJSON holds one user per line).',
      hint: 'Put the users in a JSON array: [ {...}, {...} ], or write one user object per line.',
      line: this.line,
      column: text.length + 1,
      offset: null,
    });
  }
}

function isBlankStart(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d;
}
