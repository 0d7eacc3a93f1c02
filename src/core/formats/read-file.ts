import type { InputFormat } from '../workbench/contract';
import { CsvReader } from './csv-reader';
import { emptyFileFault } from './file-problem';
import { JsonArrayReader } from './json-array-reader';
import { NdjsonReader } from './ndjson-reader';
import type { RecordReader, RecordSink } from './record-reader';
import { detectFormat } from './sniff';
import { openTextSource, type TextChunk } from './text-source';

export interface ReadFileHooks {
  sink: RecordSink;
  /** Told once the format is known (before the first record). */
  onFormat(format: InputFormat, compressed: boolean): void;
  /** Raw (compressed, for gzip) bytes read so far. */
  onBytes(bytesRead: number): void;
  /** Asked after every chunk; true stops reading (the records read so far stay delivered). */
  isCancelled(): boolean;
  /** Called after every chunk's records were delivered; reading waits for it (progress, letting messages in). */
  onChunkDone?(): Promise<void> | void;
}

export interface ReadFileResult {
  format: InputFormat | null;
  compressed: boolean;
  cancelled: boolean;
}

/** A record reader for the format. */
export function createRecordReader(format: InputFormat, sink: RecordSink): RecordReader {
  if (format === 'json-array') return new JsonArrayReader(sink);
  if (format === 'ndjson') return new NdjsonReader(sink);
  return new CsvReader(sink);
}

/**
 * Streams one file through decompression, decoding and the reader for its format (detected from the content), in
 * one pass and bounded memory. Throws a FileProblemError when the file cannot be read; records delivered before the
 * fault stay delivered.
 */
export async function readFileRecords(
  stream: ReadableStream<Uint8Array>,
  hooks: ReadFileHooks,
): Promise<ReadFileResult> {
  let bytesRead = 0;
  const source = await openTextSource(stream, (bytes) => {
    bytesRead += bytes;
    hooks.onBytes(bytesRead);
  });
  let reader: RecordReader | null = null;
  let format: InputFormat | null = null;
  const waiting: TextChunk[] = [];
  try {
    for await (const chunk of source.chunks) {
      if (reader === null) {
        waiting.push(chunk);
        format = detectFormat(chunk.text);
        if (format === null) continue;
        hooks.onFormat(format, source.compressed);
        reader = createRecordReader(format, hooks.sink);
        for (const held of waiting.splice(0)) reader.push(held.text, held.byteOffset);
      } else {
        reader.push(chunk.text, chunk.byteOffset);
      }
      await hooks.onChunkDone?.();
      if (hooks.isCancelled()) {
        await source.close();
        return { format, compressed: source.compressed, cancelled: true };
      }
    }
  } catch (error) {
    await source.close();
    throw error;
  }
  if (reader === null) {
    throw emptyFileFault();
  }
  reader.end();
  return { format, compressed: source.compressed, cancelled: false };
}
