import type { Finding } from '../findings';
import type { FindingPage, FindingQuery } from './contract';
import { grownTo } from '../typed-arrays';

/** Findings kept beyond this are counted but not stored, so one broken million-record file cannot exhaust memory. */
export const maxStoredFindings = 2_000_000;

/**
 * A flat copy of a string that shares no memory with the strings it was built from. Messages quote record values,
 * and V8 may represent a value cut from a read chunk (a CSV cell) as a slice that keeps the whole chunk (~1 MB)
 * alive, and a message as a tree of its pieces: kept for the whole run, a few such findings per chunk would keep
 * the whole file in memory. Concatenating forces a flat copy; slicing it drops the extra character.
 */
function ownCopy(value: string): string {
  // V8 copies strings shorter than 13 characters instead of slicing them.
  return value.length < 13 ? value : ` ${value}`.slice(1);
}

/** Each distinct string once; findings hold small ids (messages, codes and hints repeat a lot). */
class StringTable {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();

  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      const kept = ownCopy(value);
      this.values.push(kept);
      this.ids.set(kept, id);
    }
    return id;
  }

  find(value: string): number | undefined {
    return this.ids.get(value);
  }
}

/**
 * Findings stored column-wise in typed arrays (about 25 bytes each plus distinct strings), instead of millions of
 * small objects; a page of 100k+ findings is filtered by comparing integers.
 */
export class FindingStore {
  count = 0;
  /** Findings that arrived after the store was full. */
  dropped = 0;
  readonly files: string[] = [];
  private readonly strings = new StringTable();
  private fileIds = new Uint32Array(1024);
  private records = new Int32Array(1024);
  private lines = new Int32Array(1024);
  private paths = new Uint32Array(1024);
  private codes = new Uint32Array(1024);
  private severities = new Uint8Array(1024);
  private messages = new Uint32Array(1024);
  private hints = new Uint32Array(1024);

  /** Registers a file name; findings refer to it by the returned index. */
  addFile(name: string): number {
    this.files.push(name);
    return this.files.length - 1;
  }

  add(finding: Finding, fileIndex: number): void {
    if (this.count >= maxStoredFindings) {
      this.dropped++;
      return;
    }
    if (this.count === this.records.length) this.growAll();
    const i = this.count++;
    this.fileIds[i] = fileIndex;
    this.records[i] = finding.record;
    this.lines[i] = finding.line ?? -1;
    this.paths[i] = this.strings.id(finding.path);
    this.codes[i] = this.strings.id(finding.code);
    this.severities[i] = finding.severity === 'error' ? 1 : 0;
    this.messages[i] = this.strings.id(finding.message);
    this.hints[i] = this.strings.id(finding.hint);
  }

  get(i: number): Finding {
    const text = this.strings.values;
    return {
      file: this.files[this.fileIds[i]],
      record: this.records[i],
      line: this.lines[i] === -1 ? null : this.lines[i],
      path: text[this.paths[i]],
      code: text[this.codes[i]],
      severity: this.severities[i] === 1 ? 'error' : 'warning',
      message: text[this.messages[i]],
      hint: text[this.hints[i]],
    };
  }

  /** One page of the findings that match, in file order, and how many match in all. */
  query(query: FindingQuery): FindingPage {
    const matches = this.matcher(query);
    const rows: Finding[] = [];
    let total = 0;
    for (let i = 0; i < this.count; i++) {
      if (!matches(i)) continue;
      if (total >= query.offset && rows.length < query.limit) rows.push(this.get(i));
      total++;
    }
    return { total, rows };
  }

  private matcher(query: FindingQuery): (i: number) => boolean {
    const severity = query.severity === undefined ? -1 : query.severity === 'error' ? 1 : 0;
    const code = query.code === undefined ? -1 : (this.strings.find(query.code) ?? -2);
    const file = query.file === undefined ? -1 : this.files.indexOf(query.file);
    if ((query.file !== undefined && file === -1) || code === -2) return () => false;
    const text = this.textMatcher(query.text);
    return (i) =>
      (severity === -1 || this.severities[i] === severity) &&
      (code === -1 || this.codes[i] === code) &&
      (file === -1 || this.fileIds[i] === file) &&
      (text === null || text(this.messages[i]) || text(this.paths[i]) || text(this.codes[i]));
  }

  /** Case-insensitive search, decided once per distinct string. */
  private textMatcher(needle: string | undefined): ((id: number) => boolean) | null {
    const wanted = needle?.trim().toLowerCase();
    if (!wanted) return null;
    const decided = new Int8Array(this.strings.values.length);
    return (id) => {
      if (decided[id] === 0) decided[id] = this.strings.values[id].toLowerCase().includes(wanted) ? 1 : 2;
      return decided[id] === 1;
    };
  }

  private growAll(): void {
    this.fileIds = grownTo(this.fileIds, this.fileIds.length * 2);
    this.records = grownTo(this.records, this.records.length * 2);
    this.lines = grownTo(this.lines, this.lines.length * 2);
    this.paths = grownTo(this.paths, this.paths.length * 2);
    this.codes = grownTo(this.codes, this.codes.length * 2);
    this.severities = grownTo(this.severities, this.severities.length * 2);
    this.messages = grownTo(this.messages, this.messages.length * 2);
    this.hints = grownTo(this.hints, this.hints.length * 2);
  }
}
