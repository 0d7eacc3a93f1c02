import { FileProblemError, type FileFault } from './file-problem';
import { parseErrorText, type ReadIssue, type RecordReader, type RecordSink } from './record-reader';

/**
 * Whether text[start, end) is a line that holds no record: empty or only blanks after one trailing CR. Only a line
 * that starts with a space, tab or CR can be all blank (`trim` then decides), which keeps the common case cheap.
 */
export function isBlankLine(text: string, start: number, end: number): boolean {
  let last = end;
  if (last > start && text.charCodeAt(last - 1) === 0x0d) last--;
  if (last === start) return true;
  const first = text.charCodeAt(start);
  if (first !== 0x20 && first !== 0x09 && first !== 0x0d) return false;
  return text.slice(start, last).trim() === '';
}

/** A line that is not JSON: a problem of its record, not of the file. */
export function ndjsonParseIssue(line: number, error: unknown): ReadIssue {
  return {
    code: 'ndjson.parse',
    message: `Line ${line} is not valid JSON: ${parseErrorText(error)}.`,
    hint: 'Each line must hold one complete JSON object: fix this line or remove it.',
  };
}

/** The file starts with `{` but its first record's line is not a whole object: a pretty-printed object, not NDJSON. */
export function multilineObjectFault(line: number, text: string): FileFault {
  return {
    code: 'ndjson.multiline-object',
    message:
      `The file starts with "{" but line ${line} is not a complete JSON object: this looks like a single ` +
      'pretty-printed JSON object, not a list of users (NDJSON holds one user per line).',
    hint: 'Put the users in a JSON array: [ {...}, {...} ], or write one user object per line.',
    line,
    column: text.length + 1,
    offset: null,
  };
}

/** Whether a line that failed to parse as the file's first record means the whole file is one pretty-printed object. */
export function looksMultiline(index: number, text: string): boolean {
  return index === 0 && !text.trimEnd().endsWith('}');
}

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
    if (isBlankLine(text, 0, text.length)) return;
    if (text.charCodeAt(text.length - 1) === 0x0d) text = text.slice(0, -1);
    const index = this.records++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (looksMultiline(index, text)) throw new FileProblemError(multilineObjectFault(this.line, text));
      this.sink.unreadable(index, this.line, ndjsonParseIssue(this.line, error));
      return;
    }
    this.sink.record({ index, line: this.line, value }, text);
  }
}
