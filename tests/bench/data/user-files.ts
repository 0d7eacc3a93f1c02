/**
 * Writes the benchmark's user files (JSON array, NDJSON, CSV) as streams, so a million users never sit in memory, and
 * skips the work when a previous run left the same files behind (same generator version, seed, count and sizes).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { createUserGenerator, type GeneratedKind } from './user-generator';

/** Bump when the generator's output changes, so old files are rewritten. */
const generatorVersion = 2;

export type UserFileFormat = 'json' | 'ndjson' | 'csv';
export const userFileFormats: readonly UserFileFormat[] = ['json', 'ndjson', 'csv'];

export interface UserFileSet {
  label: string;
  count: number;
  seed: number;
  /** File name (inside the data folder) and size in bytes, per format. */
  files: Record<UserFileFormat, { name: string; bytes: number }>;
  /** How many records of each kind the generator made. */
  kinds: Record<GeneratedKind, number>;
}

interface Meta extends UserFileSet {
  generatorVersion: number;
}

const csvColumns = [
  'email', 'email_verified', 'given_name', 'family_name', 'name', 'nickname', 'picture', 'user_id',
  'user_metadata', 'app_metadata', 'custom_password_hash',
] as const; // prettier-ignore

/** A CSV cell: objects as JSON text, quoted when it holds a comma, quote or line break (RFC 4180). */
function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Collects text and hands it to the stream in ~1 MiB pieces, waiting when the stream asks for a pause. */
class ChunkedWriter {
  #parts: string[] = [];
  #length = 0;
  readonly #stream: WriteStream;

  constructor(path: string) {
    this.#stream = createWriteStream(path);
  }

  async write(text: string): Promise<void> {
    this.#parts.push(text);
    this.#length += text.length;
    if (this.#length >= 1 << 20) await this.#flush();
  }

  async close(): Promise<void> {
    await this.#flush();
    this.#stream.end();
    await once(this.#stream, 'finish');
  }

  async #flush(): Promise<void> {
    const chunk = this.#parts.join('');
    this.#parts = [];
    this.#length = 0;
    if (!this.#stream.write(chunk)) await once(this.#stream, 'drain');
  }
}

async function readMeta(path: string): Promise<Meta | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Meta;
  } catch {
    return null;
  }
}

/** True when the files on disk are exactly what the meta file describes. */
async function isCurrent(dir: string, meta: Meta | null, count: number, seed: number): Promise<boolean> {
  if (!meta || meta.generatorVersion !== generatorVersion || meta.count !== count || meta.seed !== seed)
    return false;
  for (const format of userFileFormats) {
    const file = meta.files[format];
    const size = await stat(join(dir, file.name)).then((s) => s.size, () => -1); // prettier-ignore
    if (size !== file.bytes) return false;
  }
  return true;
}

async function writeAll(dir: string, set: UserFileSet, onProgress: (done: number) => void): Promise<void> {
  const writers = Object.fromEntries(
    userFileFormats.map((format) => [format, new ChunkedWriter(join(dir, `${set.files[format].name}.tmp`))]),
  ) as Record<UserFileFormat, ChunkedWriter>;
  const generator = createUserGenerator(set.seed);
  await writers.json.write('[\n');
  await writers.csv.write(`${csvColumns.join(',')}\r\n`);
  for (let index = 0; index < set.count; index++) {
    const { user, kind } = generator.next(index);
    set.kinds[kind] += 1;
    const json = JSON.stringify(user);
    await writers.json.write(index === 0 ? json : `,\n${json}`);
    await writers.ndjson.write(`${json}\n`);
    await writers.csv.write(`${csvColumns.map((column) => csvCell(user[column])).join(',')}\r\n`);
    if (index % 100_000 === 99_999) onProgress(index + 1);
  }
  await writers.json.write('\n]\n');
  await Promise.all(userFileFormats.map((format) => writers[format].close()));
}

/**
 * Makes sure `users-<label>.{json,ndjson,csv}` with `count` users exist in `dir`, writing them if needed, and
 * describes them. Files are written under a temporary name and renamed, so an interrupted run leaves nothing stale.
 */
export async function ensureUserFiles(
  dir: string,
  label: string,
  count: number,
  log: (line: string) => void,
): Promise<UserFileSet> {
  await mkdir(dir, { recursive: true });
  const seed = 0x5eed_0000 + count;
  const metaPath = join(dir, `users-${label}.meta.json`);
  const previous = await readMeta(metaPath);
  if (previous && (await isCurrent(dir, previous, count, seed))) return previous;
  const files = Object.fromEntries(
    userFileFormats.map((format) => [format, { name: `users-${label}.${format}`, bytes: 0 }]),
  ) as UserFileSet['files'];
  const set: UserFileSet = { label, count, seed, files, kinds: { valid: 0, fixable: 0, invalid: 0 } };
  log(`bench: writing ${count.toLocaleString('en')} users (seed ${seed}) to ${dir}`);
  await writeAll(dir, set, (done) => log(`bench:   ${done.toLocaleString('en')} users written`));
  for (const format of userFileFormats) {
    const path = join(dir, files[format].name);
    await rename(`${path}.tmp`, path);
    files[format].bytes = (await stat(path)).size;
  }
  await writeFile(metaPath, JSON.stringify({ ...set, generatorVersion } satisfies Meta, null, 2));
  return set;
}
