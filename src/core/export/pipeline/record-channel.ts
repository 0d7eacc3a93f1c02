/**
 * Turns batches pushed by a producer (the file readers deliver records through callbacks) into an async iterable a
 * consumer pulls from (the external sort and the writers). The producer's `put` waits until the consumer took the
 * batch, so at most two batches are in memory (one being written, one waiting): reading never runs far ahead.
 */
export class RecordChannel<T> implements AsyncIterable<T> {
  #waiting: { batch: T[]; taken: () => void } | null = null;
  #closed = false;
  #error: unknown = null;
  #wakeConsumer: (() => void) | null = null;
  #abandoned = false;

  /** Hands over a batch; resolves once the consumer has taken it (or at once when the consumer has gone). */
  put(batch: T[]): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('The channel is closed'));
    if (batch.length === 0 || this.#abandoned) return Promise.resolve();
    return new Promise<void>((taken) => {
      this.#waiting = { batch, taken };
      this.#wake();
    });
  }

  /** No more batches. */
  close(): void {
    this.#closed = true;
    this.#wake();
  }

  /** Ends the consumer's loop with this error. */
  fail(error: unknown): void {
    this.#error = error ?? new Error('The producer failed');
    this.close();
  }

  /** The consumer stops: a waiting producer is released and later batches are dropped. */
  abandon(): void {
    this.#abandoned = true;
    const waiting = this.#waiting;
    this.#waiting = null;
    waiting?.taken();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const waiting = this.#waiting;
      if (waiting) {
        this.#waiting = null;
        waiting.taken();
        yield* waiting.batch;
        continue;
      }
      if (this.#error !== null) throw this.#error;
      if (this.#closed) return;
      await new Promise<void>((resolve) => (this.#wakeConsumer = resolve));
    }
  }

  #wake(): void {
    const wake = this.#wakeConsumer;
    this.#wakeConsumer = null;
    wake?.();
  }
}
