import { FileProblemError } from './file-problem';
import { parseErrorText, type ReadIssue, type RecordReader, type RecordSink } from './record-reader';
import { JsonScanPosition } from './json-scan-position';

/*
 * Why a hand-written scanner: a token-level streaming JSON parser (e.g. @streamparser/json) builds every value in
 * JavaScript and runs several times slower than the engine's native JSON.parse. This scanner only finds where each
 * top-level element of the array starts and ends (tracking strings, escapes and bracket depth across chunks) and
 * hands each element's text to JSON.parse. Inside strings it jumps from quote to quote with indexOf.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const NEWLINE = 0x0a;

/** Records nested deeper than this are reported, not parsed: checks and serializers recurse per level. */
export const maxRecordDepth = 100;

type Phase = 'start' | 'first-value-or-end' | 'value' | 'in-value' | 'after-value' | 'done';

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === NEWLINE || code === 0x0d || code === 0x09;
}

function describeChar(code: number): string {
  return JSON.stringify(String.fromCharCode(code));
}

/**
 * Where a reader takes over a file partway, just after an element (json-array-batches.ts batches the file up to
 * there): how many records came before, the line and column it starts at, and the line the last record started on.
 */
export interface JsonArrayResume {
  records: number;
  line: number;
  column: number;
  recordLine: number;
}

/** The finding's wording for an element that is not valid JSON (`record` counts from 1). */
export function arrayElementParseIssue(record: number, line: number, error: unknown): ReadIssue {
  return {
    code: 'json.parse',
    message: `Record ${record} (line ${line}) is not valid JSON: ${parseErrorText(error)}.`,
    hint: 'Fix the JSON syntax of this record (quotes around keys and strings, no trailing commas).',
  };
}

/** Reads a JSON array of records, one element at a time. */
export class JsonArrayReader implements RecordReader {
  records = 0;
  private phase: Phase = 'start';
  private readonly at = new JsonScanPosition();
  private readonly sink: RecordSink;
  // The element being read.
  private parts: string[] = [];
  private recordLine = 1;
  private scalar = false;
  private stack: number[] = [];
  private inString = false;
  private carriedBackslashes = 0;
  private tooDeep = false;

  constructor(sink: RecordSink, resume: JsonArrayResume | null = null) {
    this.sink = sink;
    if (resume) {
      this.records = resume.records;
      this.recordLine = resume.recordLine;
      this.phase = 'after-value';
      this.at.resumeAt(resume.line, resume.column);
    }
  }

  push(text: string, byteOffset: number): void {
    this.at.beginChunk(text, byteOffset);
    let i = 0;
    while (i < text.length) {
      if (this.phase === 'in-value') {
        const end = this.scanValue(text, i);
        if (end === -1) {
          this.parts.push(i === 0 ? text : text.slice(i));
          break;
        }
        this.finishValue(text, i, end);
        i = end;
        continue;
      }
      i = this.skipWhitespace(text, i);
      if (i < text.length) i = this.structural(text, i);
    }
    this.at.endChunk();
  }

  end(): void {
    if (this.phase === 'done') return;
    if (this.phase === 'in-value') {
      const what = this.inString ? 'inside a string of the record' : 'inside the record';
      throw this.at.faultAtEnd(
        'json.truncated',
        `The file ends ${what} that starts on line ${this.recordLine} (record ${this.records}): it looks truncated.`,
        'The file was probably cut off while saving or downloading: get a complete copy.',
      );
    }
    throw this.at.faultAtEnd(
      'json.truncated',
      `The file ends before the closing "]" of the array (after ${this.records} records): it looks truncated.`,
      'The file was probably cut off while saving or downloading: get a complete copy, or add the missing "]".',
    );
  }

  private skipWhitespace(text: string, i: number): number {
    for (; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === NEWLINE) this.at.newline(i);
      else if (!isWhitespace(code)) break;
    }
    return i;
  }

  /** Handles one character between elements; returns where to go on. */
  private structural(text: string, i: number): number {
    const code = text.charCodeAt(i);
    switch (this.phase) {
      case 'start':
        if (code !== OPEN_BRACKET)
          throw this.unexpected(i, 'json.expected-array', 'Expected "[" to open the array');
        this.phase = 'first-value-or-end';
        return i + 1;
      case 'first-value-or-end':
        if (code === CLOSE_BRACKET) {
          this.phase = 'done';
          return i + 1;
        }
        return this.startValue(text, i);
      case 'value':
        if (code === CLOSE_BRACKET) throw this.trailingComma(i);
        return this.startValue(text, i);
      case 'after-value':
        if (code === COMMA) this.phase = 'value';
        else if (code === CLOSE_BRACKET) this.phase = 'done';
        else
          throw this.unexpected(
            i,
            'json.expected-comma',
            `Expected "," or "]" after record ${this.records} (it starts on line ${this.recordLine})`,
          );
        return i + 1;
      default:
        throw this.at.fault(
          i,
          'json.trailing-text',
          `Unexpected text after the closing "]" of the array at line ${this.at.line}, column ${this.at.column(i)}.`,
          'A JSON file holds one array: remove what follows the "]", or merge the arrays into one.',
        );
    }
  }

  private startValue(text: string, i: number): number {
    const code = text.charCodeAt(i);
    if (code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || code === BACKSLASH) {
      throw this.unexpected(i, 'json.expected-record', `Expected a record after record ${this.records}`);
    }
    this.records++;
    this.phase = 'in-value';
    this.recordLine = this.at.line;
    this.scalar = code !== OPEN_BRACE && code !== OPEN_BRACKET && code !== QUOTE;
    this.tooDeep = false;
    return i;
  }

  /** Scans the current element from `i`; returns the index just after it, or -1 when the chunk ends first. */
  private scanValue(text: string, i: number): number {
    if (this.scalar) {
      for (; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code === COMMA || code === CLOSE_BRACKET || isWhitespace(code)) return i;
      }
      return -1;
    }
    if (this.inString) {
      const end = this.scanString(text, i);
      if (end === -1) return -1;
      this.inString = false;
      if (this.stack.length === 0) return end;
      i = end;
    }
    return this.scanStructure(text, i);
  }

  private scanStructure(text: string, i: number): number {
    const stack = this.stack;
    for (; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === QUOTE) {
        const end = this.scanString(text, i + 1);
        if (end === -1) {
          this.inString = true;
          return -1;
        }
        if (stack.length === 0) return end;
        i = end - 1;
      } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        stack.push(code === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET);
        if (stack.length > maxRecordDepth) this.tooDeep = true;
      } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        const expected = stack.pop();
        if (expected !== code) throw this.mismatched(i, expected);
        if (stack.length === 0) return i + 1;
      } else if (code === NEWLINE) {
        this.at.newline(i);
      }
    }
    return -1;
  }

  /** From inside a string at `i`: the index after its closing quote, or -1 (escape state carried to the next chunk). */
  private scanString(text: string, i: number): number {
    let from = i;
    for (;;) {
      const quote = text.indexOf('"', from);
      if (quote === -1) {
        this.carryBackslashes(text, i);
        return -1;
      }
      let k = quote - 1;
      while (k >= i && text.charCodeAt(k) === BACKSLASH) k--;
      let run = quote - 1 - k;
      if (k < i) run += this.carriedBackslashes;
      if (run % 2 === 0) {
        this.carriedBackslashes = 0;
        return quote + 1;
      }
      from = quote + 1;
    }
  }

  private carryBackslashes(text: string, from: number): void {
    let k = text.length - 1;
    while (k >= from && text.charCodeAt(k) === BACKSLASH) k--;
    const run = text.length - 1 - k;
    this.carriedBackslashes = k < from ? this.carriedBackslashes + run : run;
  }

  private finishValue(text: string, start: number, end: number): void {
    let source = text.slice(start, end);
    if (this.parts.length > 0) {
      this.parts.push(source);
      source = this.parts.join('');
      this.parts = [];
    }
    this.phase = 'after-value';
    const index = this.records - 1;
    if (this.tooDeep) {
      this.sink.unreadable(index, this.recordLine, {
        code: 'json.too-deep',
        message: `Record ${this.records} (line ${this.recordLine}) nests more than ${maxRecordDepth} levels deep.`,
        hint: 'A user record is a flat object with small metadata objects: check how this record was produced.',
      });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      this.sink.unreadable(
        index,
        this.recordLine,
        arrayElementParseIssue(this.records, this.recordLine, error),
      );
      return;
    }
    this.sink.record({ index, line: this.recordLine, value }, source);
  }

  private unexpected(i: number, code: string, expectation: string): FileProblemError {
    const found = describeChar(this.at.charCode(i));
    return this.at.fault(
      i,
      code,
      `${expectation} at line ${this.at.line}, column ${this.at.column(i)}, but found ${found}.`,
      'Fix the JSON at that position: records are separated by commas and the array ends with "]".',
    );
  }

  private trailingComma(i: number): FileProblemError {
    return this.at.fault(
      i,
      'json.trailing-comma',
      `A comma before the closing "]" at line ${this.at.line}, column ${this.at.column(i)} (a trailing comma after record ${this.records}): JSON does not allow it.`,
      'Delete the last comma before "]".',
    );
  }

  private mismatched(i: number, expected: number | undefined): FileProblemError {
    const wanted = expected === undefined ? 'nothing' : describeChar(expected);
    return this.unexpected(
      i,
      'json.mismatched-bracket',
      `In record ${this.records} (starts on line ${this.recordLine}) expected ${wanted} to close a bracket`,
    );
  }
}
