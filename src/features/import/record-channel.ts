/**
 * A one-producer, one-consumer queue that turns pushed items into an AsyncIterable: the workbench engine pushes
 * checked records from inside its (synchronous) checker, and the planner reads them with `for await`. The producer
 * cannot wait, so the consumer drains everything waiting each time it runs; `peak` tells how far ahead it got.
 */
export class RecordChannel<T> implements AsyncIterable<T> {
  #waiting: T[] = [];
  #ended = false;
  #failure: { error: unknown } | null = null;
  #wake: (() => void) | null = null;
  /** The most items that were waiting at once. */
  peak = 0;

  push(item: T): void {
    this.#waiting.push(item);
    if (this.#waiting.length > this.peak) this.peak = this.#waiting.length;
    this.#wakeConsumer();
  }

  /** No more items: the consumer's loop ends once it has read what is waiting. */
  end(): void {
    this.#ended = true;
    this.#wakeConsumer();
  }

  /** The producer failed: the consumer's loop throws `error` once it has read what is waiting. */
  fail(error: unknown): void {
    this.#failure = { error };
    this.#wakeConsumer();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for (;;) {
      if (this.#waiting.length > 0) {
        // Take the whole batch at once: O(1) per item, and the producer starts a fresh array.
        const batch = this.#waiting;
        this.#waiting = [];
        yield* batch;
        continue;
      }
      if (this.#failure) throw this.#failure.error;
      if (this.#ended) return;
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  #wakeConsumer(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}
