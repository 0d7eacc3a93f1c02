/**
 * A batch checker's work: decode, parse and check one batch of NDJSON lines or JSON array elements on its own, with
 * what the coordinator needs to finish each record in file order (duplicates, output, counts). Lines are read as
 * NdjsonReader reads them, elements as JsonArrayReader does, and findings are worded as the record-by-record pass
 * words them; batched-pass.test.ts holds the paths equal.
 *
 * Each record is first offered to the plain-record scan (rules/plain-record.ts), which takes most records of a real
 * file straight from their bytes: valid, nothing to fix or warn about, keys fingerprinted from the bytes. Only the
 * others are decoded, parsed and checked by the record checker: each on its own while they are few, in pieces of
 * ~32 KB where most records of the batch so far took that path.
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
import { asciiKeyFingerprint, keyFingerprint } from '../rules/duplicate-index';
import { PlainRecordScanner } from '../rules/plain-record';
import type { CheckedRecord, FixCount, RecordChecker } from './contract';
import {
  keyKinds,
  recordFlag,
  type BatchJson,
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
    this.pushKey(keyKinds.indexOf(kind));
  }

  /** One of the next record's keys (`kind` indexes `keyKinds`), whose value is the ASCII text bytes[start, end). */
  addAsciiKey(kind: number, bytes: Uint8Array, start: number, end: number): void {
    asciiKeyFingerprint(keyKinds[kind], bytes, start, end, this.hash);
    this.pushKey(kind);
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

  /** The fingerprint in `hash` as the next record's key of kind `kind`. */
  private pushKey(kind: number): void {
    this.keyHashes[this.keys * 2] = this.hash[0];
    this.keyHashes[this.keys * 2 + 1] = this.hash[1];
    this.keyKinds[this.keys++] = kind;
    this.keyCounts[this.count]++;
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

/** Where one line is, in the text and in the bytes (the trailing CR left out of both). */
interface LineSpan {
  line: number;
  text: string;
  byteStart: number;
  byteEnd: number;
}

/**
 * Reads a batch line by line, as bytes: most lines are plain records, which are checked from their bytes and never
 * decoded. `text` decodes the current line for the exact path.
 */
class BatchLines {
  line: number;
  index: number;
  fault: FileFault | null = null;
  /** The current line: bytes[byteFrom, byteEnd) of the batch, its line feed left out (not its CR). */
  byteFrom = 0;
  byteEnd = 0;
  private readonly bytes: Uint8Array;
  private readonly byteOffset: number;
  private byteAt = 0;
  /** The decoded piece (bytes up to `pieceEnd`), and a line start in it in both: bytes and text. */
  private piece = '';
  private pieceEnd = 0;
  private pieceByteAt = 0;
  private pieceTextAt = 0;
  private piecesFailed = false;

  constructor(request: BatchRequest) {
    this.bytes = request.bytes;
    this.byteOffset = request.byteOffset;
    this.line = request.firstLine - 1;
    this.index = request.firstRecord;
  }

  /** Where the next line starts; at the batch's length when none is left. */
  get nextStart(): number {
    return this.byteAt;
  }

  /** Moves to the next line, which ends at `knownEnd` when that is not -1; false at the end of the batch. */
  next(knownEnd = -1): boolean {
    if (this.byteAt >= this.bytes.length) return false;
    const newline = knownEnd >= 0 ? knownEnd : this.bytes.indexOf(0x0a, this.byteAt);
    this.byteFrom = this.byteAt;
    this.byteEnd = newline === -1 ? this.bytes.length : newline;
    this.byteAt = this.byteEnd + 1;
    this.line++;
    return true;
  }

  /**
   * The current line as text, or null when it holds a byte that is not UTF-8: then `fault` says where, and the
   * line does not count as read (as the record-by-record reader reads the text before the bad byte). With
   * `inPieces` (most lines so far took the exact path), it is cut from a piece of ~32 KB of whole lines decoded at
   * once: one TextDecoder call per line costs about twice as much per byte as one per piece.
   */
  text(inPieces: boolean): string | null {
    if (inPieces && !this.piecesFailed) {
      const text = this.fromPiece();
      if (text !== null) return text;
    }
    const bytes = this.bytes.subarray(this.byteFrom, this.byteEnd);
    try {
      return decoder.decode(bytes);
    } catch {
      this.fault = notUtf8Fault(this.byteOffset + this.byteFrom + Math.max(0, firstInvalidUtf8(bytes))).fault;
      this.line--;
      return null;
    }
  }

  /** The current line from the decoded piece that holds it (decoded now when none does), or null. */
  private fromPiece(): string | null {
    const { bytes, byteFrom } = this;
    if (byteFrom < this.pieceByteAt || byteFrom >= this.pieceEnd) {
      const cut = bytes.indexOf(0x0a, byteFrom + textPieceBytes - 1);
      this.pieceEnd = cut === -1 ? bytes.length : cut + 1;
      try {
        this.piece = decoder.decode(bytes.subarray(byteFrom, this.pieceEnd));
      } catch {
        // A byte that is not UTF-8 somewhere in the piece: lines are decoded alone from here on, and the line that
        // holds it gets the fault.
        this.piecesFailed = true;
        return null;
      }
      this.pieceByteAt = byteFrom;
      this.pieceTextAt = 0;
    }
    // Lines the plain scan took since the last one cut from the piece are skipped in both.
    while (this.pieceByteAt < byteFrom) {
      this.pieceByteAt = bytes.indexOf(0x0a, this.pieceByteAt) + 1;
      this.pieceTextAt = this.piece.indexOf('\n', this.pieceTextAt) + 1;
    }
    const newline = this.piece.indexOf('\n', this.pieceTextAt);
    const textEnd = newline === -1 ? this.piece.length : newline;
    const text = this.piece.slice(this.pieceTextAt, textEnd);
    this.pieceByteAt = this.byteEnd + 1;
    this.pieceTextAt = textEnd + 1;
    return text;
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
  const { file, bytes } = request;
  const columns = new ResultColumns(
    request.records >= 0 ? request.records : Math.ceil(request.bytes.length / 128),
  );
  const checker = createAloneChecker(request.options);
  const plain = new PlainRecordScanner(request.options.jobSizeBytes);
  const lines = new BatchLines(request);
  const paths = new PathCounts();
  for (;;) {
    const plainEnd = plain.lineEnd(bytes, lines.nextStart, bytes.length);
    if (!lines.next(plainEnd)) break;
    const { byteFrom, byteEnd, line } = lines;
    const cr = byteEnd > byteFrom && bytes[byteEnd - 1] === 0x0d ? 1 : 0;
    if (plainEnd >= 0) {
      paths.plain++;
      addPlain(columns, request, plain, lines.index++, line, byteFrom, byteEnd - cr);
      continue;
    }
    paths.exact++;
    const text = lines.text(paths.mostlyExact());
    if (text === null) break;
    if (isBlankLine(text, 0, text.length)) continue;
    const lineText = cr === 1 ? text.slice(0, -1) : text;
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
    const span = { line, text: lineText, byteStart: byteFrom, byteEnd: byteEnd - cr };
    checkAndAdd(columns, request, checker, index, value, span);
  }
  columns.fault = lines.fault;
  return columns.toResult(request.seq, lines.line - request.firstLine + 1);
}

/** Whether a record goes to the output: every record that was read, or only those without an error. */
function wantsJson(json: BatchJson, preValid: boolean): boolean {
  return json === 'all' || (json === 'valid' && preValid);
}

/**
 * A plain record (plain-record.ts): valid as it stands, with no finding and no fix, as the exact path would have
 * found it; its keys are ASCII and its output is its own bytes.
 */
function addPlain(
  columns: ResultColumns,
  request: BatchRequest,
  plain: PlainRecordScanner,
  index: number,
  line: number,
  byteStart: number,
  byteEnd: number,
): void {
  columns.reserveRecord();
  for (let kind = 0; kind < keyKinds.length; kind++) {
    const start = plain.keyStarts[kind];
    if (start >= 0) columns.addAsciiKey(kind, request.bytes, start, plain.keyEnds[kind]);
  }
  let flags = recordFlag.checked | recordFlag.preValid;
  if (wantsJson(request.json, true)) flags |= recordFlag.hasJson;
  columns.add(flags, line, { byteStart, byteEnd });
}

/**
 * How many records of a batch the plain scan took, and how many took the exact path: where most take the exact
 * path (a file of exported users, of emails with capitals...), their text is decoded in pieces.
 */
class PathCounts {
  plain = 0;
  exact = 0;

  mostlyExact(): boolean {
    return this.exact > this.plain;
  }
}

/**
 * A JSON array batch's elements as text for the exact path: each decoded on its own, or, where most elements take
 * that path, cut from a piece of whole elements decoded at once, found in it by the batcher's text offsets. A piece
 * that is not valid UTF-8 is left, and its elements are decoded one by one up to the one holding the bad byte.
 */
class ElementTexts {
  fault: FileFault | null = null;
  private text = '';
  private textBase = 0;
  private pieceFirst = 0;
  private pieceEnd = 0;
  private pieceFailed = false;

  constructor(
    private readonly request: BatchRequest,
    private readonly elements: ElementSpans,
  ) {}

  /** Element `k`'s text, or null at a fault. */
  at(k: number, inPieces: boolean): string | null {
    const { bytes, byteOffset } = this.request;
    const { starts, ends, textStarts, textEnds } = this.elements;
    if (inPieces) {
      if (k < this.pieceFirst || k >= this.pieceEnd) this.decodePiece(k);
      if (!this.pieceFailed)
        return this.text.slice(textStarts[k] - this.textBase, textEnds[k] - this.textBase);
    }
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
    while (last < starts.length && ends[last] - starts[first] <= textPieceBytes) last++;
    this.pieceFirst = first;
    this.pieceEnd = last;
    this.textBase = textStarts[first];
    try {
      this.text = decoder.decode(this.request.bytes.subarray(starts[first], ends[last - 1]));
      this.pieceFailed = false;
    } catch {
      this.pieceFailed = true;
    }
  }
}

/**
 * `checkNdjsonBatch` for the elements of a JSON array, as JsonArrayReader and the record-by-record pass treat them:
 * a plain element from its bytes, any other decoded (`ElementTexts`), parsed and checked.
 */
function checkArrayBatch(request: BatchRequest, elements: ElementSpans): BatchResult {
  const { file, bytes } = request;
  const { starts, ends } = elements;
  const count = starts.length;
  const columns = new ResultColumns(count);
  const checker = createAloneChecker(request.options);
  const plain = new PlainRecordScanner(request.options.jobSizeBytes);
  const texts = new ElementTexts(request, elements);
  const paths = new PathCounts();
  for (let k = 0; k < count; k++) {
    const line = elements.lines[k];
    const index = request.firstRecord + k;
    if (plain.accept(bytes, starts[k], ends[k])) {
      paths.plain++;
      addPlain(columns, request, plain, index, line, starts[k], ends[k]);
      continue;
    }
    paths.exact++;
    const text = texts.at(k, paths.mostlyExact());
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
    const span = { line, text, byteStart: starts[k], byteEnd: ends[k] };
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
  if (wantsJson(request.json, alone.preValid)) flags |= outputJson(columns, checked, ownBytes ? read : null);
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
