/**
 * A helper thread's work: parse and check one batch of NDJSON lines on its own, with what the coordinator needs to
 * finish each record in file order (duplicates, output, counts). Lines are read as NdjsonReader reads them, and
 * findings are worded as the single-threaded pass words them; parallel-pass.test.ts holds the two paths equal.
 */
import type { Finding } from '../findings';
import type { FileFault } from '../formats/file-problem';
import { parseErrorText } from '../formats/record-reader';
import type { FixCount } from './contract';
import { keyKinds, recordFlag, type BatchRequest, type BatchResult } from './batch-contract';
import { isBlankLine } from './ndjson-batches';
import { checkFailed } from './pass-findings';
import { checkAlone, forEachKey, RenewingChecker, type CheckedAlone } from './split-check';

/** Columns of a result while it is built (plain arrays; typed once the batch is done). */
class ResultColumns {
  readonly flags: number[] = [];
  readonly lines: number[] = [];
  readonly jsonStart: number[] = [];
  readonly jsonEnd: number[] = [];
  readonly extraJson: string[] = [];
  extraLength = 0;
  readonly keyCounts: number[] = [];
  readonly keyKinds: number[] = [];
  readonly keyEnds: number[] = [];
  readonly keyText: string[] = [];
  keyLength = 0;
  readonly findings: Finding[] = [];
  readonly fixes = new Map<string, FixCount>();
  fault: FileFault | null = null;

  /** A record that goes nowhere (not JSON, not an object, or the checker failed). */
  addInvalid(line: number): void {
    this.flags.push(0);
    this.lines.push(line);
    this.jsonStart.push(0);
    this.jsonEnd.push(0);
    this.keyCounts.push(0);
  }

  addExtraJson(json: string): void {
    this.jsonStart.push(this.extraLength);
    this.extraJson.push(json);
    this.extraLength += json.length;
    this.jsonEnd.push(this.extraLength);
  }

  addKey(kind: string, value: string): void {
    this.keyKinds.push(keyKinds.indexOf(kind as (typeof keyKinds)[number]));
    this.keyText.push(value);
    this.keyLength += value.length;
    this.keyEnds.push(this.keyLength);
  }

  countFix(code: string, description: string): void {
    const known = this.fixes.get(code);
    if (known) known.records++;
    else this.fixes.set(code, { code, description, records: 1 });
  }

  toResult(seq: number): BatchResult {
    return {
      seq,
      records: this.flags.length,
      flags: Uint8Array.from(this.flags),
      lines: Int32Array.from(this.lines),
      jsonStart: Uint32Array.from(this.jsonStart),
      jsonEnd: Uint32Array.from(this.jsonEnd),
      extraJson: this.extraJson.join(''),
      keyCounts: Uint8Array.from(this.keyCounts),
      keyKinds: Uint8Array.from(this.keyKinds),
      keyEnds: Uint32Array.from(this.keyEnds),
      keyText: this.keyText.join(''),
      findings: this.findings,
      fixes: [...this.fixes.values()],
      fault: this.fault,
    };
  }
}

/** What NdjsonReader throws when the file's first record is not a whole line: a pretty-printed object. */
function multilineObject(line: number, text: string): FileFault {
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

function serialize(value: Record<string, unknown>): string | null {
  try {
    return JSON.stringify(value);
  } catch {
    return null;
  }
}

/** Parses and checks every line of the batch (duplicates aside). Never throws. */
export function checkNdjsonBatch(request: BatchRequest): BatchResult {
  const { text, file } = request;
  const columns = new ResultColumns();
  const checkers = new RenewingChecker(request.options);
  let line = request.firstLine - 1;
  let index = request.firstRecord;
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const from = start;
    start = end + 1;
    line++;
    if (isBlankLine(text, from, end)) continue;
    const last = text.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
    const lineText = text.slice(from, last);
    let value: unknown;
    try {
      value = JSON.parse(lineText);
    } catch (error) {
      if (index === 0 && !lineText.trimEnd().endsWith('}')) {
        columns.fault = multilineObject(line, lineText);
        break;
      }
      columns.findings.push({
        file,
        record: index,
        line,
        path: '',
        severity: 'error',
        code: 'ndjson.parse',
        message: `Line ${line} is not valid JSON: ${parseErrorText(error)}.`,
        hint: 'Each line must hold one complete JSON object: fix this line or remove it.',
      });
      columns.addInvalid(line);
      index++;
      continue;
    }
    const source = { index: index++, line, value };
    let alone: CheckedAlone;
    try {
      alone = checkAlone(checkers.next(), source, file, lineText);
    } catch {
      columns.findings.push(checkFailed(file, source));
      columns.addInvalid(line);
      continue;
    }
    addChecked(columns, request, alone, { value, line, from, to: last });
  }
  return columns.toResult(request.seq);
}

function addChecked(
  columns: ResultColumns,
  request: BatchRequest,
  alone: CheckedAlone,
  read: { value: unknown; line: number; from: number; to: number },
): void {
  const { checked } = alone;
  for (const finding of alone.findings) columns.findings.push(finding);
  for (const fix of checked.fixes) columns.countFix(fix.code, fix.description);
  if (checked.value === null) {
    columns.addInvalid(read.line);
    return;
  }
  let flags = recordFlag.checked;
  if (alone.preValid) flags |= recordFlag.preValid;
  if (checked.fixes.length > 0) flags |= recordFlag.fixed;
  let keys = 0;
  if (alone.looksUpKeys) {
    forEachKey(checked.value, (kind, value) => {
      columns.addKey(kind, value);
      keys++;
    });
  }
  columns.keyCounts.push(keys);
  const wantsJson = request.json === 'all' || (request.json === 'valid' && alone.preValid);
  if (!wantsJson) {
    columns.jsonStart.push(0);
    columns.jsonEnd.push(0);
  } else if (checked.value === read.value && checked.fixes.length === 0) {
    // The record as read: the coordinator still holds the batch text, so nothing needs to come back.
    flags |= recordFlag.hasJson;
    columns.jsonStart.push(read.from);
    columns.jsonEnd.push(read.to);
  } else {
    const json = checked.json ?? serialize(checked.value);
    flags |= json === null ? recordFlag.jsonFailed : recordFlag.hasJson | recordFlag.jsonExtra;
    if (json === null) {
      columns.jsonStart.push(0);
      columns.jsonEnd.push(0);
    } else columns.addExtraJson(json);
  }
  columns.flags.push(flags);
  columns.lines.push(read.line);
}
