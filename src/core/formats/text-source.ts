import { ByteReader } from './byte-reader';
import { faultWithoutPosition, FileProblemError } from './file-problem';
import { hasUtf8Bom, isGzip, utf16Fault } from './sniff';
import { incompleteUtf8Tail } from './utf8';

/** A piece of decoded text and the byte offset (in the decompressed file) where it starts. */
export interface TextChunk {
  text: string;
  byteOffset: number;
}

export interface TextSource {
  compressed: boolean;
  /** The text in order; rejects with a FileProblemError on bad gzip data or bytes that are not UTF-8. */
  chunks: AsyncGenerator<TextChunk, void, undefined>;
  /** Stops reading early (cancel, fatal fault). */
  close(): Promise<void>;
}

/**
 * Opens a byte stream as UTF-8 text: gunzips it when it starts with the gzip magic bytes (whatever its name), rejects
 * UTF-16, drops a UTF-8 BOM, and decodes in streaming mode so a character split across chunks comes out whole.
 * Nothing is held beyond the current chunk. `onRawBytes` reports bytes read from the source (compressed bytes for gzip).
 */
export async function openTextSource(
  stream: ReadableStream<Uint8Array>,
  onRawBytes: (bytes: number) => void,
): Promise<TextSource> {
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
    chunks: decodeChunks(bytes, hasUtf8Bom(head) ? 3 : 0, countRaw),
    close: () => bytes.cancel(),
  };
}

async function readHead(bytes: ByteReader, compressed: boolean): Promise<Uint8Array> {
  try {
    return await bytes.peek(64);
  } catch (error) {
    throw gzipFault(compressed, error);
  }
}

async function* decodeChunks(
  bytes: ByteReader,
  bomBytes: number,
  countRaw: (bytes: number) => void,
): AsyncGenerator<TextChunk, void, undefined> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const tail: number[] = [];
  let fed = 0;
  let pending = 0;
  for (;;) {
    const chunk = await nextChunk(bytes);
    const textStart = Math.max(fed - pending, bomBytes);
    if (chunk === null) {
      const rest = decode(decoder, undefined, fed - pending);
      if (rest) yield { text: rest, byteOffset: textStart };
      return;
    }
    countRaw(chunk.length);
    fed += chunk.length;
    rememberTail(tail, chunk);
    pending = incompleteUtf8Tail(tail);
    const text = decode(decoder, chunk, textStart);
    if (text) yield { text, byteOffset: textStart };
  }
}

/**
 * Decoding works on pieces of at most this many bytes: an in-memory Blob may arrive as one huge chunk, and decoding
 * it whole would make one huge string (and coarse progress and cancel).
 */
const maxPieceBytes = 1024 * 1024;

async function nextChunk(bytes: ByteReader): Promise<Uint8Array | null> {
  try {
    return await bytes.read(maxPieceBytes);
  } catch (error) {
    throw gzipFault(true, error);
  }
}

function decode(
  decoder: InstanceType<typeof TextDecoder>,
  chunk: Uint8Array | undefined,
  offset: number,
): string {
  try {
    return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
  } catch {
    throw new FileProblemError({
      code: 'encoding.not-utf8',
      message: `The file holds bytes that are not UTF-8 text (near byte ${offset}).`,
      hint: 'Save the file as UTF-8 (Excel: "CSV UTF-8"; editors: Save with encoding UTF-8) and add it again.',
      line: null,
      column: null,
      offset,
    });
  }
}

function rememberTail(tail: number[], chunk: Uint8Array): void {
  const from = Math.max(0, chunk.length - 3);
  for (let i = from; i < chunk.length; i++) tail.push(chunk[i]);
  if (tail.length > 3) tail.splice(0, tail.length - 3);
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
