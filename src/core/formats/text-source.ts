import { ByteReader } from './byte-reader';
import { faultWithoutPosition, FileProblemError } from './file-problem';
import { hasUtf8Bom, isGzip, utf16Fault } from './sniff';
import { firstInvalidUtf8, incompleteUtf8Tail } from './utf8';

/** A piece of decoded text and the byte offset (in the decompressed file) where it starts. */
export interface TextChunk {
  text: string;
  byteOffset: number;
}

/** A piece of the file's bytes, valid only until the next one is read (the reader reuses its buffer). */
export interface ByteChunk {
  bytes: Uint8Array;
  /** Where the piece starts in the (decompressed) file. */
  byteOffset: number;
}

interface Source<T> {
  compressed: boolean;
  /** The content in order; rejects with a FileProblemError on bad gzip data (and, for text, bytes not UTF-8). */
  chunks: AsyncGenerator<T, void, undefined>;
  /** Stops reading early (cancel, fatal fault). */
  close(): Promise<void>;
}

export type TextSource = Source<TextChunk>;
export type ByteSource = Source<ByteChunk>;

/**
 * Opens a byte stream as the bytes of a UTF-8 text file: gunzips it when it starts with the gzip magic bytes
 * (whatever its name), rejects UTF-16, and leaves a UTF-8 BOM out (offsets still count it). Nothing is held beyond
 * the current chunk. `onRawBytes` reports bytes read from the source (compressed bytes for gzip).
 */
export async function openByteSource(
  stream: ReadableStream<Uint8Array>,
  onRawBytes: (bytes: number) => void,
): Promise<ByteSource> {
  const raw = new ByteReader(stream);
  const compressed = isGzip(await raw.peek(2));
  // The DOM and Node typings disagree on the stream's chunk type (BufferSource vs Uint8Array); the bytes are the same.
  const gunzip = (): TransformStream<Uint8Array, Uint8Array> =>
    new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>;
  const bytes = compressed ? new ByteReader(raw.toStream(onRawBytes).pipeThrough(gunzip())) : raw;
  const head = await readHead(bytes, compressed);
  const fault = utf16Fault(head);
  if (fault) {
    await bytes.cancel();
    throw fault;
  }
  const countRaw = compressed ? () => undefined : onRawBytes;
  return {
    compressed,
    chunks: byteChunks(bytes, hasUtf8Bom(head) ? 3 : 0, countRaw),
    close: () => bytes.cancel(),
  };
}

/** Like openByteSource, decoded as UTF-8 in streaming mode so a character split across chunks comes out whole. */
export async function openTextSource(
  stream: ReadableStream<Uint8Array>,
  onRawBytes: (bytes: number) => void,
): Promise<TextSource> {
  const source = await openByteSource(stream, onRawBytes);
  return { ...source, chunks: decodeChunks(source.chunks) };
}

async function readHead(bytes: ByteReader, compressed: boolean): Promise<Uint8Array> {
  try {
    return await bytes.peek(64);
  } catch (error) {
    throw gzipFault(compressed, error);
  }
}

/**
 * Reading works on pieces of at most this many bytes: an in-memory Blob may arrive as one huge chunk, and decoding
 * it whole would make one huge string (and coarse progress and cancel).
 */
const maxPieceBytes = 1024 * 1024;

async function* byteChunks(
  bytes: ByteReader,
  bomBytes: number,
  countRaw: (bytes: number) => void,
): AsyncGenerator<ByteChunk, void, undefined> {
  let offset = 0;
  let skip = bomBytes;
  for (;;) {
    let chunk: Uint8Array | null;
    try {
      chunk = await bytes.read(maxPieceBytes);
    } catch (error) {
      throw gzipFault(true, error);
    }
    if (chunk === null) return;
    countRaw(chunk.length);
    const start = offset;
    offset += chunk.length;
    if (skip > 0) {
      const dropped = Math.min(skip, chunk.length);
      skip -= dropped;
      chunk = chunk.subarray(dropped);
      if (chunk.length === 0) continue;
      yield { bytes: chunk, byteOffset: start + dropped };
    } else yield { bytes: chunk, byteOffset: start };
  }
}

async function* decodeChunks(chunks: AsyncGenerator<ByteChunk>): AsyncGenerator<TextChunk, void, undefined> {
  const decoder = new Utf8ChunkDecoder();
  for await (const chunk of chunks) yield* decoder.texts(chunk);
  yield* decoder.restText();
}

/** Decoded text, where it starts, and the fault that stopped decoding (the text is everything before it). */
interface Decoded {
  text: string;
  byteOffset: number;
  fault: FileProblemError | null;
}

/** The fault for bytes that are not UTF-8, at the offset of the first bad byte in the file. */
export function notUtf8Fault(offset: number): FileProblemError {
  return new FileProblemError({
    code: 'encoding.not-utf8',
    message: `The file holds bytes that are not UTF-8 text (at byte ${offset}).`,
    hint: 'Save the file as UTF-8 (Excel: "CSV UTF-8"; editors: Save with encoding UTF-8) and add it again.',
    line: null,
    column: null,
    offset,
  });
}

/**
 * Text is decoded this many bytes at a time. A megabyte decoded at once makes a string of one or two megabytes,
 * which V8 puts in its large-object space, freed only by a full collection: such strings piled up by the dozen.
 * Strings this small die young and cheaply, and Chromium decoded 32 KB pieces ~4x faster than 1 MB ones.
 */
export const textPieceBytes = 32 * 1024;

/**
 * Decodes consecutive byte chunks as UTF-8. Bytes that are not UTF-8 end the text with a fault that names the first
 * bad byte; the text before it still comes out (so the records before the fault are read, as far as they go).
 */
export class Utf8ChunkDecoder {
  // A BOM is left out by the byte source; one that follows it is content, as TextDecoder would keep it.
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  /** The bytes of a character not complete at the end of the last chunk (the decoder holds them). */
  private held = new Uint8Array(0);
  private heldOffset = 0;
  private failed = false;

  private decode(chunk: ByteChunk): Decoded {
    const byteOffset = chunk.byteOffset - this.held.length;
    if (this.failed) return { text: '', byteOffset, fault: null };
    try {
      const text = this.decoder.decode(chunk.bytes, { stream: true });
      this.hold(chunk);
      return { text, byteOffset, fault: null };
    } catch {
      return this.fail(concat(this.held, chunk.bytes), byteOffset);
    }
  }

  /** `decode` a piece of at most `textPieceBytes` at a time; stops after a fault. */
  private *decodePieces(chunk: ByteChunk): Generator<Decoded, void, undefined> {
    for (let at = 0; at < chunk.bytes.length; at += textPieceBytes) {
      const piece = {
        bytes: chunk.bytes.subarray(at, at + textPieceBytes),
        byteOffset: chunk.byteOffset + at,
      };
      const decoded = this.decode(piece);
      yield decoded;
      if (decoded.fault) return;
    }
  }

  /**
   * The text of a chunk, a piece at a time (`decodePieces`); throws the fault of a byte that is not UTF-8 after the
   * text before it.
   */
  *texts(chunk: ByteChunk): Generator<TextChunk, void, undefined> {
    for (const decoded of this.decodePieces(chunk)) yield* textOrFault(decoded);
  }

  /** After the last chunk: text still held, or the fault of a character the file cut short. */
  *restText(): Generator<TextChunk, void, undefined> {
    yield* textOrFault(this.end());
  }

  private end(): Decoded {
    const byteOffset = this.heldOffset;
    if (this.failed || this.held.length === 0) return { text: '', byteOffset, fault: null };
    try {
      return { text: this.decoder.decode(), byteOffset, fault: null };
    } catch {
      return this.fail(this.held, byteOffset);
    }
  }

  private hold(chunk: ByteChunk): void {
    const last = chunk.bytes.subarray(Math.max(0, chunk.bytes.length - 3));
    // The stream's last bytes: a character may have started in an earlier chunk (chunks can be a byte long).
    const joined = this.held.length > 0 ? concat(this.held, last) : last;
    const pending = incompleteUtf8Tail(joined.subarray(Math.max(0, joined.length - 3)));
    this.held = joined.slice(joined.length - pending);
    this.heldOffset = chunk.byteOffset + chunk.bytes.length - pending;
  }

  private fail(bytes: Uint8Array, byteOffset: number): Decoded {
    this.failed = true;
    const bad = firstInvalidUtf8(bytes);
    const valid = bad === -1 ? 0 : bad;
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, valid));
    return { text, byteOffset, fault: notUtf8Fault(byteOffset + valid) };
  }
}

function* textOrFault(decoded: Decoded): Generator<TextChunk, void, undefined> {
  if (decoded.text) yield { text: decoded.text, byteOffset: decoded.byteOffset };
  if (decoded.fault) throw decoded.fault;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function gzipFault(compressed: boolean, error: unknown): FileProblemError {
  if (error instanceof FileProblemError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return compressed
    ? faultWithoutPosition(
        'gzip.corrupt',
        `The file looks gzipped but cannot be decompressed (${detail}); it may be truncated or damaged.`,
        'Download or compress the file again, or unzip it yourself and add the plain file.',
      )
    : faultWithoutPosition(
        'file.unreadable',
        `The file cannot be read (${detail}).`,
        'Check the file and try again.',
      );
}
