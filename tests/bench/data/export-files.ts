/**
 * The export benchmark's input: an Auth0 export job's file (gzip NDJSON, one user per line) holding the generator's
 * users as a tenant would return them: `auth0|` ids, identities, timestamps and login counts added, password hashes
 * gone (auth0-facts section 3). Every exportable attribute the default CSV fields and import-ready output read is
 * present, so one file serves both outputs. Written as a stream; skipped when a previous run left the same file.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { createPrng, type Prng } from '../../emulator/prng';
import { createUserGenerator } from './user-generator';

/** Bump when the file's content changes, so old files are rewritten. */
const exportVersion = 1;

export interface ExportFile {
  label: string;
  count: number;
  seed: number;
  name: string;
  /** Size of the gzip file, and of the NDJSON inside it (throughput is counted over the latter). */
  gzipBytes: number;
  ndjsonBytes: number;
}

interface Meta extends ExportFile {
  exportVersion: number;
}

const connection = 'Username-Password-Authentication';
const day = 86_400_000;
/** Accounts created over the three years before this instant (fixed, so the bytes never change). */
const epoch = Date.UTC(2026, 0, 1);

const iso = (ms: number): string => new Date(ms).toISOString();

/** The generator's user as an Auth0 export returns it: what an import would have stored, plus the tenant's fields. */
export function exportedUser(
  user: Record<string, unknown>,
  index: number,
  prng: Prng,
): Record<string, unknown> {
  const id = String(user.user_id).replace(/^auth0\|/, '');
  const email =
    typeof user.email === 'string' && user.email.includes('@') ? user.email : `user${index}@example.org`;
  const appMetadata = { ...(user.app_metadata as Record<string, unknown>) };
  delete appMetadata.user_id;
  const created = epoch - prng.int(30, 3 * 365) * day - prng.int(0, day - 1);
  const updated = Math.min(epoch, created + prng.int(0, 400) * day + prng.int(0, day - 1));
  const logins = prng.int(0, 250);
  const exported: Record<string, unknown> = {
    user_id: `auth0|${id}`,
    email,
    email_verified: user.email_verified === true,
    given_name: user.given_name,
    family_name: user.family_name,
    name: user.name,
    nickname: user.nickname,
  };
  if (user.picture !== undefined) exported.picture = user.picture;
  Object.assign(exported, {
    user_metadata: user.user_metadata,
    app_metadata: appMetadata,
    identities: [{ connection, provider: 'auth0', user_id: id, isSocial: false }],
    created_at: iso(created),
    updated_at: iso(updated),
    logins_count: logins,
  });
  if (logins > 0) {
    exported.last_login = iso(updated);
    exported.last_ip = `${prng.int(1, 223)}.${prng.int(0, 255)}.${prng.int(0, 255)}.${prng.int(1, 254)}`;
  }
  return exported;
}

/** The NDJSON lines of `count` exported users, about 1 MiB of text at a time. */
async function* exportLines(
  count: number,
  seed: number,
  written: { bytes: number },
  onProgress: (done: number) => void,
): AsyncGenerator<string> {
  const users = createUserGenerator(seed);
  const extra = createPrng(seed ^ 0x0e59_0127);
  let batch: string[] = [];
  let chars = 0;
  for (let index = 0; index < count; index++) {
    const line = `${JSON.stringify(exportedUser(users.next(index).user, index, extra))}\n`;
    batch.push(line);
    chars += line.length;
    if (chars >= 1 << 20) {
      const text = batch.join('');
      written.bytes += Buffer.byteLength(text);
      yield text;
      batch = [];
      chars = 0;
    }
    if (index % 100_000 === 99_999) onProgress(index + 1);
  }
  const rest = batch.join('');
  written.bytes += Buffer.byteLength(rest);
  if (rest) yield rest;
}

async function readMeta(path: string): Promise<Meta | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Meta;
  } catch {
    return null;
  }
}

/**
 * Makes sure `export-<label>.ndjson.gz` with `count` exported users exists in `dir`, writing it if needed (under a
 * temporary name, then renamed), and describes it. The users are those of `users-<label>.*` (same seed).
 */
export async function ensureExportFile(
  dir: string,
  label: string,
  count: number,
  log: (line: string) => void,
): Promise<ExportFile> {
  await mkdir(dir, { recursive: true });
  const seed = 0x5eed_0000 + count;
  const name = `export-${label}.ndjson.gz`;
  const path = join(dir, name);
  const metaPath = join(dir, `export-${label}.meta.json`);
  const previous = await readMeta(metaPath);
  const size = await stat(path).then((s) => s.size, () => -1); // prettier-ignore
  if (previous?.exportVersion === exportVersion && previous.count === count && previous.gzipBytes === size) {
    const { exportVersion: _version, ...file } = previous;
    return file;
  }
  log(`bench: writing an export file of ${count.toLocaleString('en')} users to ${path}`);
  const written = { bytes: 0 };
  const progress = (done: number): void =>
    log(`bench:   ${done.toLocaleString('en')} exported users written`);
  const text = Readable.from(exportLines(count, seed, written, progress));
  const out = createWriteStream(`${path}.tmp`);
  await pipeline(text, createGzip({ level: 6 }), out);
  if (!out.closed) await once(out, 'close');
  await rename(`${path}.tmp`, path);
  const file: ExportFile = {
    label,
    count,
    seed,
    name,
    gzipBytes: (await stat(path)).size,
    ndjsonBytes: written.bytes,
  };
  await writeFile(metaPath, JSON.stringify({ ...file, exportVersion } satisfies Meta, null, 2));
  return file;
}
