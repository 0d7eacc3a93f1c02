import Papa from 'papaparse';
import { csvColumns, detectAuth0Escaping, recordFromCells, type CsvColumn } from './csv-cells';
import { faultWithoutPosition, FileProblemError } from './file-problem';
import type { RecordReader, RecordSink } from './record-reader';

/** Rows looked at before deciding whether the file uses Auth0's `'` escaping. */
const escapeSampleRows = 50;

interface PendingRow {
  cells: string[];
  line: number | null;
}

/**
 * Reads CSV with papaparse, fed only complete records: this reader tracks quote state across chunks, cuts the text
 * at the last line break outside quotes, hands Papa that slice and keeps the rest. It also knows the line where
 * each record starts (a quoted field may span lines), which Papa does not report.
 */
export class CsvReader implements RecordReader {
  records = 0;
  private readonly sink: RecordSink;
  private carry: string[] = [];
  private inQuotes = false;
  private line = 1;
  private recordStartLine = 1;
  private quoteStartLine = 1;
  /** Start lines of the complete records waiting in the current slice. */
  private sliceLines: number[] = [];
  private delimiter = '';
  private newline: '\n' | '\r\n' | '' = '';
  private columns: CsvColumn[] | null = null;
  private unescape: boolean | null = null;
  private sample: PendingRow[] = [];

  constructor(sink: RecordSink) {
    this.sink = sink;
  }

  push(text: string): void {
    const breaks = this.scan(text);
    if (breaks.last === -1) {
      this.carry.push(text);
      return;
    }
    if (this.carry.length > 0 && this.delimiter !== '') {
      // The record the carry holds the start of ends at the first break: it is parsed on its own, so that the rest
      // of the text is parsed without first being copied into one string with the carry (V8 takes a slice of a long
      // string without copying it). Over the 1M-user CSV, that copying was ~0.4 GB of the pass's allocations.
      this.carry.push(text.slice(0, breaks.first));
      this.parseSlice(this.carry.join(''), this.sliceLines.splice(0, 1));
      if (breaks.first < breaks.last)
        this.parseSlice(text.slice(breaks.first + 1, breaks.last), this.takeLines());
    } else {
      // The first slice holds the header and the rows Papa guesses the delimiter from: it is never cut short.
      this.carry.push(text.slice(0, breaks.last));
      this.parseSlice(this.carry.join(''), this.takeLines());
    }
    this.carry = breaks.last + 1 < text.length ? [text.slice(breaks.last + 1)] : [];
  }

  /** The start lines of the records waiting in the text scanned so far. */
  private takeLines(): number[] {
    const lines = this.sliceLines;
    this.sliceLines = [];
    return lines;
  }

  /**
   * Follows quotes and line breaks through `text`, from one to the next with `indexOf` (the platform's string
   * search, much faster than looking at every character in JavaScript); returns where the first and the last line
   * break outside quotes are, or -1.
   */
  private scan(text: string): { first: number; last: number } {
    let firstBreak = -1;
    let lastBreak = -1;
    let quote = text.indexOf('"');
    let newline = text.indexOf('\n');
    while (quote !== -1 || newline !== -1) {
      if (newline !== -1 && (quote === -1 || newline < quote)) {
        this.line++;
        if (!this.inQuotes) {
          if (this.newline === '')
            this.newline = newline > 0 && text.charCodeAt(newline - 1) === 0x0d ? '\r\n' : '\n';
          this.sliceLines.push(this.recordStartLine);
          this.recordStartLine = this.line;
          if (firstBreak === -1) firstBreak = newline;
          lastBreak = newline;
        }
        newline = text.indexOf('\n', newline + 1);
      } else {
        this.inQuotes = !this.inQuotes;
        if (this.inQuotes) this.quoteStartLine = this.line;
        quote = text.indexOf('"', quote + 1);
      }
    }
    return { first: firstBreak, last: lastBreak };
  }

  end(): void {
    if (this.inQuotes) {
      // The rows read before the fault are still delivered (and so counted), even while the escaping is undecided.
      this.decideEscaping(true);
      throw new FileProblemError({
        code: 'csv.unterminated-quote',
        message: `The file ends inside a quoted value that starts on line ${this.quoteStartLine}: a closing " is missing.`,
        hint: 'Add the missing closing quote (a " inside a value is written as "").',
        line: this.quoteStartLine,
        column: null,
        offset: null,
      });
    }
    const rest = this.carry.join('');
    this.carry = [];
    if (rest.trim() !== '') {
      this.sliceLines.push(this.recordStartLine);
      this.parseSlice(rest, this.takeLines());
    }
    this.decideEscaping(true);
    if (this.columns === null) {
      throw faultWithoutPosition(
        'csv.no-header',
        'The CSV file has no header row.',
        'Add a header row naming the attributes (email, name, ...).',
      );
    }
  }

  /** Parses whole records; `lines` are where each starts. */
  private parseSlice(slice: string, lines: number[]): void {
    if (slice.endsWith('\r')) slice = slice.slice(0, -1);
    const rows = this.parseRows(slice);
    // Papa yields one row per record boundary found here; if it ever disagrees (stray quotes), lines are unknown.
    const linesKnown = rows.length === lines.length;
    for (let r = 0; r < rows.length; r++) {
      const cells = rows[r];
      if (cells[0].trim() === '' && cells.every((cell) => cell.trim() === '')) continue;
      this.row(cells, linesKnown ? lines[r] : null);
    }
  }

  /**
   * The rows of a slice of whole records. The first slice goes through `Papa.parse`, which guesses the delimiter;
   * the rest straight to papaparse's own tokenizer, `Papa.Parser`, with that delimiter. `Papa.parse` wraps the same
   * tokenizer in a streamer and a handle per call. Measured over the 1M-user CSV's slices (Node 20,
   * `--trace-gc-nvp`): through `Papa.parse`, V8 promoted ~1.5 GB to its old generation and spent about half the
   * time collecting garbage (7.3 s); through the tokenizer alone it promoted ~5 MB (2.2 s), with the same rows.
   */
  private parseRows(slice: string): string[][] {
    if (this.delimiter === '') {
      const result = Papa.parse<string[]>(slice, { newline: this.newline || undefined });
      this.delimiter = result.meta.delimiter;
      return result.data;
    }
    const parser = new Papa.Parser({ delimiter: this.delimiter, newline: this.newline || undefined });
    return (parser.parse(slice, 0, false) as Papa.ParseResult<string[]>).data;
  }

  private row(cells: string[], line: number | null): void {
    if (this.columns === null) {
      this.columns = csvColumns(cells);
      return;
    }
    if (this.unescape === null) {
      this.sample.push({ cells, line });
      if (this.sample.length >= escapeSampleRows) this.decideEscaping(false);
      return;
    }
    this.emit(cells, line, this.columns, this.unescape);
  }

  private decideEscaping(atEnd: boolean): void {
    if (this.unescape !== null || this.columns === null) return;
    if (!atEnd && this.sample.length < escapeSampleRows) return;
    this.unescape = detectAuth0Escaping(this.sample.map((row) => row.cells));
    const sample = this.sample;
    this.sample = [];
    for (const row of sample) this.emit(row.cells, row.line, this.columns, this.unescape);
  }

  private emit(cells: string[], line: number | null, columns: CsvColumn[], unescape: boolean): void {
    const index = this.records++;
    if (cells.length > columns.length) {
      const where = line === null ? `Record ${index + 1}` : `Line ${line}`;
      this.sink.unreadable(index, line, {
        code: 'csv.field-count',
        message: `${where} has ${cells.length} values but the header has ${columns.length} columns.`,
        hint: 'A value that contains the delimiter or a line break must be in double quotes.',
      });
      return;
    }
    this.sink.record({ index, line, value: recordFromCells(cells, columns, unescape) }, null);
  }
}
