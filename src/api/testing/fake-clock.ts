import type { Clock } from '../clock';

/**
 * A clock for tests: `sleep` registers a timer; `settle(promise)` advances virtual time timer by timer until the
 * promise settles. Records every sleep so tests can assert on waits.
 */
export class FakeClock implements Clock {
  #now: number;
  #timers: { at: number; resolve: () => void; reject: (reason: unknown) => void }[] = [];
  readonly sleeps: number[] = [];

  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = { at: this.#now + ms, resolve, reject };
      this.#timers.push(timer);
      signal?.addEventListener('abort', () => {
        this.#timers = this.#timers.filter((t) => t !== timer);
        reject(signal.reason);
      });
    });
  }

  /** Runs timers in time order until `promise` settles; returns its value (or throws its error). */
  async settle<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    const watched = promise.finally(() => {
      settled = true;
    });
    watched.catch(() => undefined);
    for (let guard = 0; guard < 10_000; guard++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (settled) return watched;
      this.#timers.sort((a, b) => a.at - b.at);
      const next = this.#timers.shift();
      if (!next) continue;
      this.#now = Math.max(this.#now, next.at);
      next.resolve();
    }
    throw new Error('FakeClock.settle: promise never settled');
  }
}
