import { Zip, ZipDeflate, ZipPassThrough, type ZipInputFile } from 'fflate';
import { BlobBuilder } from './blob-builder';

export interface ZipEntry {
  name: string;
  blob: Blob;
}

/** Something that packs entries into one zip: `zipBlobs` on this thread, or a host's way (another worker). */
export type ZipMaker = (entries: readonly ZipEntry[]) => Promise<Blob>;

/** Where a gzip member's parts are (RFC 1952): its raw deflate data, the CRC-32 and size of what it holds. */
export interface GzipMember<Buffer extends ArrayBufferLike = ArrayBufferLike> {
  deflated: Uint8Array<Buffer>;
  crc: number;
  /** The uncompressed size modulo 2^32 (ISIZE). */
  size: number;
}

const gzipFlag = { headerCrc: 2, extra: 4, name: 8, comment: 16 } as const;

/** Splits one gzip member into its deflate data and trailer. Throws on anything that is not gzip with deflate. */
export function gzipMemberParts<Buffer extends ArrayBufferLike>(gz: Uint8Array<Buffer>): GzipMember<Buffer> {
  if (gz.length < 18 || gz[0] !== 0x1f || gz[1] !== 0x8b || gz[2] !== 8) {
    throw new Error('The compressor did not return gzip data.');
  }
  const flags = gz[3];
  let at = 10;
  if (flags & gzipFlag.extra) at += 2 + (gz[at] | (gz[at + 1] << 8));
  if (flags & gzipFlag.name) at = gz.indexOf(0, at) + 1;
  if (flags & gzipFlag.comment) at = gz.indexOf(0, at) + 1;
  if (flags & gzipFlag.headerCrc) at += 2;
  const end = gz.length - 8;
  if (at <= 0 || at > end) throw new Error('The compressor returned a gzip header that could not be read.');
  const trailer = new DataView(gz.buffer, gz.byteOffset + end, 8);
  return {
    deflated: gz.subarray(at, end),
    crc: trailer.getUint32(0, true),
    size: trailer.getUint32(4, true),
  };
}

/** An entry already deflated (method 8), with its CRC and size known before its data is added. */
class DeflatedEntry implements ZipInputFile {
  readonly compression = 8;
  ondata?: ZipInputFile['ondata'];
  constructor(
    readonly filename: string,
    readonly size: number,
    readonly crc: number,
  ) {}
}

/**
 * An entry's bytes deflated by the platform's zlib: a gzip stream is a deflate stream with the CRC-32 and size a zip
 * entry needs in its trailer. Written here rather than with fflate's ZipDeflate because that deflates in
 * JavaScript: ~52 MB/s against ~104 MB/s for CompressionStream in Node, so a 1M-user file's 735 parts took ~6 s.
 */
async function deflateNatively(
  entry: ZipEntry,
): Promise<{ file: DeflatedEntry; data: Uint8Array<ArrayBuffer> }> {
  const gzipped = entry.blob.stream().pipeThrough(new CompressionStream('gzip'));
  const member = gzipMemberParts(new Uint8Array(await new Response(gzipped).arrayBuffer()));
  if (member.size !== entry.blob.size % 2 ** 32)
    throw new Error(`"${entry.name}" changed while it was zipped.`);
  return { file: new DeflatedEntry(entry.name, entry.blob.size, member.crc), data: member.deflated };
}

/**
 * Packs files into one zip, one entry at a time: only one entry's bytes are in memory at once, and the zip itself
 * is gathered into Blob parts of a few MB as it is written (not held as JavaScript arrays until the end). `deflate`
 * compresses (JSON shrinks to about a fifth); without it the entries are stored, which is faster.
 */
export async function zipBlobs(entries: readonly ZipEntry[], deflate = true): Promise<Blob> {
  const out = new BlobBuilder();
  let failure: Error | null = null;
  let finished = false;
  const zip = new Zip((error, data, final) => {
    if (error) failure = error;
    else out.appendBytes(data);
    if (final) finished = true;
  });
  // A browser without CompressionStream (older than 2023) deflates in JavaScript instead: slower, same zip.
  const native = typeof CompressionStream === 'function';
  for (const entry of entries) {
    if (deflate && native) {
      const { file, data } = await deflateNatively(entry);
      zip.add(file);
      file.ondata?.(null, data, true);
    } else if (deflate) {
      const file = new ZipDeflate(entry.name, { level: 6 });
      zip.add(file);
      file.push(new Uint8Array(await entry.blob.arrayBuffer()), true);
    } else {
      const file = new ZipPassThrough(entry.name);
      zip.add(file);
      file.push(new Uint8Array(await entry.blob.arrayBuffer()), true);
    }
    if (failure) throw failure;
  }
  zip.end();
  if (failure) throw failure;
  if (!finished) throw new Error('The zip could not be completed.');
  return out.toBlob('application/zip');
}
