/**
 * A batch checker's work: decode, parse and check one batch of NDJSON lines or JSON array elements on its own, with
 * what the coordinator needs to finish each record in file order (duplicates, output, counts). Lines are read as
 * NdjsonReader reads them, elements as JsonArrayReader does, and findings are worded as the record-by-record pass
 * words them; batched-pass.test.ts holds the paths equal.
 *
 * The output is returned as bytes, so the coordinator only copies them: a record that needs no fix is written as
 * the very bytes of its line (no encoding at all: in Chromium, TextEncoder.encodeInto on every record cost ~13% of
 * the whole pass), a fixed one as its JSON encoded once here.
 */
import type { Finding } from '../findings';
import type { FileFault } from '../formats/file-problem';
import {
  isBlankLine,
  looksMultiline,
  multilineObjectFault,
  ndjsonParseIssue,
} from '../formats/ndjson-reader';
import { arrayElementParseIssue } from '../formats/json-array-reader';
import type { ReadIssue } from '../formats/record-reader';
import { notUtf8Fault, textPieceBytes } from '../formats/text-source';
import { firstInvalidUtf8 } from '../formats/utf8';
import { keyFingerprint } from '../rules/duplicate-index';
import type { CheckedRecord, FixCount, RecordChecker } from './contract';
import {
  keyKinds,
  recordFlag,
  type BatchRequest,
  type BatchResult,
  type ElementSpans,
} from './batch-contract';
import { checkFailed } from './pass-findings';
import { checkAlone, createAloneChecker, forEachKey, type CheckedAlone } from './split-check';
import { grownTo } from '../typed-arrays';

const encoder = new TextEncoder();
// Batches hold whole characters (they are cut at "\n"): no streaming state. A BOM was left out by the reader.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const looseDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Columns of a result while it is built: typed arrays sized for the batch's records up front (or, when the records
 * were not counted, for one per 128 bytes, doubled as needed). Growing plain arrays were copied as they grew and
 * outlived young-generation collections, so V8 promoted them: a few hundred KB of old-generation garbage per batch,
 * which let each thread's heap swell by ~100 MiB before a full collection.
 */
class ResultColumns {
  count = 0;
  flags: Uint8Array;
  lines: Int32Array;
  lineStart: Uint32Array;
  lineEnd: Uint32Array;
  extraJson = new Uint8Array(0);
  extraUsed = 0;
  extraStart: Uint32Array;
  extraEnd: Uint32Array;
  keyCounts: Uint8Array;
  keys = 0;
  keyHashes: Uint32Array;
  keyKinds: Uint8Array;
  readonly findings: Finding[] = [];
  readonly fixes = new Map<string, FixCount>();
  fault: FileFault | null = null;
  private readonly hash = new Uint32Array(2);

  constructor(records: number) {
    records = Math.max(16, records);
    this.flags = new Uint8Array(records);
    this.lines = new Int32Array(records);
    this.lineStart = new Uint32Array(records);
    this.lineEnd = new Uint32Array(records);
    this.extraStart = new Uint32Array(records);
    this.extraEnd = new Uint32Array(records);
    this.keyCounts = new Uint8Array(records);
    this.keyHashes = new Uint32Array(records * keyKinds.length * 2);
    this.keyKinds = new Uint8Array(records * keyKinds.length);
  }

  /** Room for one more record (its keys and extra JSON are written before `add`). */
  reserveRecord(): void {
    if (this.count < this.flags.length) return;
    const size = this.flags.length * 2;
    this.flags = grownTo(this.flags, size);
    this.lines = grownTo(this.lines, size);
    this.lineStart = grownTo(this.lineStart, size);
    this.lineEnd = grownTo(this.lineEnd, size);
    this.extraStart = grownTo(this.extraStart, size);
    this.extraEnd = grownTo(this.extraEnd, size);
    this.keyCounts = grownTo(this.keyCounts, size);
    this.keyHashes = grownTo(this.keyHashes, size * keyKinds.length * 2);
    this.keyKinds = grownTo(this.keyKinds, size * keyKinds.length);
  }

  /** A record: its flags, line number and where its line is (none for a line that is not JSON). */
  add(flags: number, line: number, span: { byteStart: number; byteEnd: number } | null): void {
    const i = this.count++;
    this.flags[i] = flags;
    this.lines[i] = line;
    if (span) {
      this.lineStart[i] = span.byteStart;
      this.lineEnd[i] = span.byteEnd;
    }
  }

  /** A record that goes nowhere (not JSON, not an object, or the checker failed). */
  addInvalid(line: number): void {
    this.add(0, line, null);
  }

  /** A record that could not be read, with the finding that says why. */
  addUnreadable(file: string, record: number, line: number, issue: ReadIssue): void {
    this.findings.push({ file, record, line, path: '', severity: 'error', ...issue });
    this.addInvalid(line);
  }

  /** The next record's JSON from a string (a fixed or re-serialized record), in `extraJson`. */
  extra(json: string): void {
    this.reserve(json.length * 3);
    this.extraStart[this.count] = this.extraUsed;
    this.extraUsed += encoder.encodeInto(json, this.extraJson.subarray(this.extraUsed)).written;
    this.extraEnd[this.count] = this.extraUsed;
  }

  /** One of the next record's keys. */
  addKey(kind: (typeof keyKinds)[number], value: string): void {
    keyFingerprint(kind, value, this.hash);
    this.keyHashes[this.keys * 2] = this.hash[0];
    this.keyHashes[this.keys * 2 + 1] = this.hash[1];
    this.keyKinds[this.keys++] = keyKinds.indexOf(kind);
    this.keyCounts[this.count]++;
  }

  countFix(code: string, description: string): void {
    const known = this.fixes.get(code);
    if (known) known.records++;
    else this.fixes.set(code, { code, description, records: 1 });
  }

  toResult(seq: number, lineCount: number): BatchResult {
    const n = this.count;
    return {
      seq,
      records: n,
      lineCount,
      flags: this.flags.subarray(0, n),
      lines: this.lines.subarray(0, n),
      lineStart: this.lineStart.subarray(0, n),
      lineEnd: this.lineEnd.subarray(0, n),
      extraJson: this.extraJson.subarray(0, this.extraUsed),
      extraStart: this.extraStart.subarray(0, n),
      extraEnd: this.extraEnd.subarray(0, n),
      keyCounts: this.keyCounts.subarray(0, n),
      keyHashes: this.keyHashes.subarray(0, this.keys * 2),
      keyKinds: this.keyKinds.subarray(0, this.keys),
      findings: this.findings,
      fixes: [...this.fixes.values()],
      fault: this.fault,
    };
  }

  private reserve(bytes: number): void {
    if (this.extraUsed + bytes <= this.extraJson.length) return;
    const grown = new Uint8Array(Math.max(this.extraJson.length * 2, this.extraUsed + bytes, 16 * 1024));
    grown.set(this.extraJson.subarray(0, this.extraUsed));
    this.extraJson = grown;
  }
}

function serialize(value: Record<string, unknown>): string | null {
  try {
    return JSON.stringify(value);
  } catch {
    return null;
  }
}

/** Text is decoded a piece of about this many bytes at a time (whole lines): see text-source.ts. */
const pieceBytes = textPieceBytes;

/**
 * Bytes [start, end) as text, up to the line that holds a byte that is not UTF-8 (with that fault): the lines
 * before it are read, as the record-by-record reader reads the text before the bad byte.
 */
function decodePiece(
  bytes: Uint8Array,
  start: number,
  end: number,
  byteOffset: number,
): { text: string; fault: FileFault | null } {
  const piece = bytes.subarray(start, end);
  try {
    return { text: decoder.decode(piece), fault: null };
  } catch {
    const bad = Math.max(0, firstInvalidUtf8(piece));
    const usable = bad === 0 ? 0 : piece.lastIndexOf(0x0a, bad - 1) + 1;
    const text = looseDecoder.decode(piece.subarray(0, usable));
    return { text, fault: notUtf8Fault(byteOffset + start + bad).fault };
  }
}

/** Where one line is, in the text and in the bytes (the trailing CR left out of both). */
interface LineSpan {
  line: number;
  text: string;
  byteStart: number;
  byteEnd: number;
}

/** Reads a batch line by line, one decoded piece at a time; the current line is in the public fields. */
class BatchLines {
  line: number;
  index: number;
  fault: FileFault | null = null;
  /** The current line: text[from, end) of the decoded piece, bytes[byteFrom, byteEnd) of the batch. */
  text = '';
  from = 0;
  end = 0;
  byteFrom = 0;
  byteEnd = 0;
  private readonly bytes: Uint8Array;
  private readonly byteOffset: number;
  private textAt = 0;
  private byteAt = 0;
  /** Where the current piece starts in the bytes, and where the next one starts. */
  private pieceStart = 0;
  private pieceEnd = 0;
  /**
   * The current piece is all ASCII (as many UTF-16 units as bytes: any other character takes more bytes than
   * units), so a line's bytes are where its text is and need no search of their own.
   */
  private ascii = false;

  constructor(request: BatchRequest) {
    this.bytes = request.bytes;
    this.byteOffset = request.byteOffset;
    this.line = request.firstLine - 1;
    this.index = request.firstRecord;
  }

  /** Moves to the next line; false at the end of the batch (or at a byte that is not UTF-8: see `fault`). */
  next(): boolean {
    if (this.textAt >= this.text.length && !this.nextPiece()) return false;
    const newline = this.text.indexOf('\n', this.textAt);
    this.from = this.textAt;
    this.end = newline === -1 ? this.text.length : newline;
    this.byteFrom = this.byteAt;
    if (this.ascii) this.byteEnd = this.pieceStart + this.end;
    else {
      const byteNewline = newline === -1 ? -1 : this.bytes.indexOf(0x0a, this.byteAt);
      this.byteEnd = byteNewline === -1 ? this.pieceEnd : byteNewline;
    }
    this.textAt = this.end + 1;
    this.byteAt = this.byteEnd + 1;
    this.line++;
    return true;
  }

  private nextPiece(): boolean {
    const start = this.pieceEnd;
    if (start >= this.bytes.length || this.fault) return false;
    const cut = this.bytes.indexOf(0x0a, start + pieceBytes - 1);
    const end = cut === -1 ? this.bytes.length : cut + 1;
    const { text, fault } = decodePiece(this.bytes, start, end, this.byteOffset);
    this.text = text;
    this.textAt = 0;
    this.byteAt = start;
    this.pieceStart = start;
    this.pieceEnd = end;
    this.ascii = fault === null && text.length === end - start;
    this.fault = fault;
    return text.length > 0;
  }
}

/**
 * Parses and checks every record of the batch (duplicates aside): its lines, or a JSON array's elements. Never
 * throws.
 */
export function checkBatch(request: BatchRequest): BatchResult {
  return request.elements ? checkArrayBatch(request, request.elements) : checkNdjsonBatch(request);
}

function checkNdjsonBatch(request: BatchRequest): BatchResult {
  const { file } = request;
  const columns = new ResultColumns(
    request.records >= 0 ? request.records : Math.ceil(request.bytes.length / 128),
  );
  const checker = createAloneChecker(request.options);
  const lines = new BatchLines(request);
  while (lines.next()) {
    const { text, from, end, line } = lines;
    if (isBlankLine(text, from, end)) continue;
    const cr = text.charCodeAt(end - 1) === 0x0d ? 1 : 0;
    const lineText = text.slice(from, end - cr);
    const index = lines.index++;
    columns.reserveRecord();
    let value: unknown;
    try {
      value = JSON.parse(lineText);
    } catch (error) {
      if (looksMultiline(index, lineText)) {
        columns.fault = multilineObjectFault(line, lineText);
        return columns.toResult(request.seq, line - request.firstLine + 1);
      }
      columns.addUnreadable(file, index, line, ndjsonParseIssue(line, error));
      continue;
    }
    const span = { line, text: lineText, byteStart: lines.byteFrom, byteEnd: lines.byteEnd - cr };
    checkAndAdd(columns, request, checker, index, value, span);
  }
  columns.fault = lines.fault;
  return columns.toResult(request.seq, lines.line - request.firstLine + 1);
}

/**
 * A JSON array batch's elements as text, decoded a piece of whole elements at a time (as NDJSON lines are: in
 * Chromium, one TextDecoder call per element took twice as long as decoding the same bytes in pieces). The batcher's
 * text offsets find each element in its piece. A piece that is not valid UTF-8 is decoded again element by
 * element, up to the one holding the bad byte.
 */
class ElementTexts {
  fault: FileFault | null = null;
  private text = '';
  private textBase = 0;
  private pieceEnd = 0;
  private oneByOne = false;

  constructor(
    private readonly request: BatchRequest,
    private readonly elements: ElementSpans,
  ) {}

  /** Element `k`'s text (elements are asked for in order), or null at a fault. */
  at(k: number): string | null {
    const { bytes, byteOffset } = this.request;
    const { starts, ends, textStarts, textEnds } = this.elements;
    if (k >= this.pieceEnd) this.decodePiece(k);
    if (!this.oneByOne) return this.text.slice(textStarts[k] - this.textBase, textEnds[k] - this.textBase);
    const element = bytes.subarray(starts[k], ends[k]);
    try {
      return decoder.decode(element);
    } catch {
      this.fault = notUtf8Fault(byteOffset + starts[k] + Math.max(0, firstInvalidUtf8(element))).fault;
      return null;
    }
  }

  private decodePiece(first: number): void {
    const { starts, ends, textStarts } = this.elements;
    let last = first + 1;
    while (last < starts.length && ends[last] - starts[first] <= pieceBytes) last++;
    this.pieceEnd = last;
    this.textBase = textStarts[first];
    try {
      this.text = decoder.decode(this.request.bytes.subarray(starts[first], ends[last - 1]));
      this.oneByOne = false;
    } catch {
      this.oneByOne = true;
    }
  }
}

/** `checkNdjsonBatch` for the elements of a JSON array, as JsonArrayReader and the record-by-record pass treat them. */
function checkArrayBatch(request: BatchRequest, elements: ElementSpans): BatchResult {
  const { file } = request;
  const count = elements.starts.length;
  const columns = new ResultColumns(count);
  const checker = createAloneChecker(request.options);
  const texts = new ElementTexts(request, elements);
  for (let k = 0; k < count; k++) {
    const line = elements.lines[k];
    const index = request.firstRecord + k;
    const text = texts.at(k);
    if (text === null) {
      columns.fault = texts.fault;
      break;
    }
    columns.reserveRecord();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      columns.addUnreadable(file, index, line, arrayElementParseIssue(index + 1, line, error));
      continue;
    }
    // A pretty-printed element is written again on one line, as the record-by-record pass writes it.
    const ownBytes = text.indexOf('\n') === -1;
    const span = { line, text, byteStart: elements.starts[k], byteEnd: elements.ends[k] };
    checkAndAdd(columns, request, checker, index, value, span, ownBytes);
  }
  return columns.toResult(request.seq, 0);
}

/**
 * Checks a parsed record on its own and adds it with its findings (`addChecked`); a checker that throws leaves one
 * finding and an invalid record.
 */
function checkAndAdd(
  columns: ResultColumns,
  request: BatchRequest,
  checker: RecordChecker,
  index: number,
  value: unknown,
  span: LineSpan,
  ownBytes = true,
): void {
  const source = { index, line: span.line, value };
  let alone: CheckedAlone;
  try {
    alone = checkAlone(checker, source, request.file, span.text);
  } catch {
    columns.findings.push(checkFailed(request.file, source));
    columns.addInvalid(span.line);
    return;
  }
  addChecked(columns, request, alone, value, span, ownBytes);
}

function addChecked(
  columns: ResultColumns,
  request: BatchRequest,
  alone: CheckedAlone,
  read: unknown,
  span: LineSpan,
  ownBytes = true,
): void {
  const { checked } = alone;
  for (const finding of alone.findings) columns.findings.push(finding);
  for (const fix of checked.fixes) columns.countFix(fix.code, fix.description);
  if (checked.value === null) {
    columns.addInvalid(span.line);
    return;
  }
  let flags = recordFlag.checked;
  if (alone.preValid) flags |= recordFlag.preValid;
  if (checked.fixes.length > 0) flags |= recordFlag.fixed;
  if (alone.looksUpKeys) forEachKey(checked.value, (kind, value) => columns.addKey(kind, value));
  const wantsJson = request.json === 'all' || (request.json === 'valid' && alone.preValid);
  if (wantsJson) flags |= outputJson(columns, checked, ownBytes ? read : null);
  columns.add(flags, span.line, span);
}

/**
 * Where the record's output JSON is, as flags: its line as read (when `read`, the value parsed from it, is what goes
 * out), or its fixed or re-serialized form in `extraJson`.
 */
function outputJson(columns: ResultColumns, checked: CheckedRecord, read: unknown): number {
  // The record as read: the coordinator holds the batch's bytes, so only where the line is comes back.
  if (checked.value === read && checked.fixes.length === 0) return recordFlag.hasJson;
  const json = checked.json ?? serialize(checked.value as Record<string, unknown>);
  if (json === null) return recordFlag.jsonFailed;
  columns.extra(json);
  return recordFlag.hasJson | recordFlag.jsonExtra;
}
