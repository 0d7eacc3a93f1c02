/**
 * Where the export's text goes: a Blob built in bounded memory (parts the browser may keep off the heap), or a
 * writable byte stream (a file on disk through the File System Access API). Both take text piece by piece.
 */
import { BlobBuilder } from '../../formats/blob-builder';

export interface TextSink {
  /** Appends text; a stream sink may wait here while the disk catches up. */
  write(text: string): Promise<void> | void;
  /** Ends the output: the Blob for a Blob sink, null for a stream sink (the file is already written). */
  close(): Promise<Blob | null>;
  /** Stops without finishing (cancel, failure). */
  abort(reason: unknown): Promise<void>;
  /** UTF-8 bytes written so far. */
  readonly bytes: number;
}

/** Builds the output as a Blob. */
export class BlobSink implements TextSink {
  readonly #builder = new BlobBuilder();
  #bytes = 0;

  constructor(private readonly type: string) {}

  get bytes(): number {
    return this.#bytes;
  }
  write(text: string): void {
    this.#bytes += this.#builder.append(text);
  }
  async close(): Promise<Blob> {
    return this.#builder.toBlob(this.type);
  }
  async abort(): Promise<void> {
    this.#builder.toBlob(this.type);
  }
}

const encoder = new TextEncoder();

/**
 * Writes to a byte stream in batches of about `batchChars` characters: one write per row would cost a promise and
 * a disk call per user.
 */
export class StreamSink implements TextSink {
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  #batch: string[] = [];
  #batchChars = 0;
  #bytes = 0;

  constructor(
    stream: WritableStream<Uint8Array>,
    private readonly batchChars = 1 << 20,
  ) {
    this.#writer = stream.getWriter();
  }

  get bytes(): number {
    return this.#bytes;
  }
  async write(text: string): Promise<void> {
    this.#batch.push(text);
    this.#batchChars += text.length;
    if (this.#batchChars >= this.batchChars) await this.#flush();
  }
  async close(): Promise<null> {
    await this.#flush();
    await this.#writer.close();
    return null;
  }
  async abort(reason: unknown): Promise<void> {
    this.#batch = [];
    await this.#writer.abort(reason).catch(() => undefined);
  }
  async #flush(): Promise<void> {
    if (this.#batch.length === 0) return;
    const bytes = encoder.encode(this.#batch.join(''));
    this.#batch = [];
    this.#batchChars = 0;
    this.#bytes += bytes.length;
    await this.#writer.write(bytes);
  }
}
