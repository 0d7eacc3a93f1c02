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
    let lastBreak = -1;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 0x22) {
        this.inQuotes = !this.inQuotes;
        if (this.inQuotes) this.quoteStartLine = this.line;
      } else if (code === 0x0a) {
        this.line++;
        if (!this.inQuotes) {
          if (this.newline === '') this.newline = i > 0 && text.charCodeAt(i - 1) === 0x0d ? '\r\n' : '\n';
          this.sliceLines.push(this.recordStartLine);
          this.recordStartLine = this.line;
          lastBreak = i;
        }
      }
    }
    if (lastBreak === -1) {
      this.carry.push(text);
      return;
    }
    this.carry.push(text.slice(0, lastBreak));
    const slice = this.carry.join('');
    this.carry = lastBreak + 1 < text.length ? [text.slice(lastBreak + 1)] : [];
    this.parseSlice(slice);
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
      this.parseSlice(rest);
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

  private parseSlice(slice: string): void {
    if (slice.endsWith('\r')) slice = slice.slice(0, -1);
    const result = Papa.parse<string[]>(slice, {
      delimiter: this.delimiter,
      newline: this.newline || undefined,
    });
    if (this.delimiter === '') this.delimiter = result.meta.delimiter;
    const lines = this.sliceLines;
    this.sliceLines = [];
    // Papa yields one row per record boundary found here; if it ever disagrees (stray quotes), lines are unknown.
    const linesKnown = result.data.length === lines.length;
    for (let r = 0; r < result.data.length; r++) {
      const cells = result.data[r];
      if (cells[0].trim() === '' && cells.every((cell) => cell.trim() === '')) continue;
      this.row(cells, linesKnown ? lines[r] : null);
    }
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
