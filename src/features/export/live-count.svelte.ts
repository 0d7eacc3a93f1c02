/**
 * The live count under the query box: a debounced search with per_page=1 and include_totals, so the admin sees
 * "Export 2,431 users" while typing. Each new keystroke cancels the count still on its way.
 */
import { explainError } from './explain-error';

export type CountState =
  | { kind: 'idle' }
  | { kind: 'counting' }
  | { kind: 'counted'; total: number; query: string }
  | { kind: 'failed'; message: string };

export class LiveCount {
  #state = $state<CountState>({ kind: 'idle' });
  #timer: ReturnType<typeof setTimeout> | null = null;
  #controller: AbortController | null = null;

  constructor(
    private readonly count: (query: string, signal: AbortSignal) => Promise<number>,
    private readonly delayMs = 400,
  ) {}

  get state(): CountState {
    return this.#state;
  }

  /** Counts `query` after a pause in typing. */
  request(query: string): void {
    this.stop();
    this.#state = { kind: 'counting' };
    this.#timer = setTimeout(() => void this.#run(query), this.delayMs);
  }

  stop(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#controller?.abort();
    this.#timer = null;
    this.#controller = null;
  }

  async #run(query: string): Promise<void> {
    const controller = new AbortController();
    this.#controller = controller;
    try {
      const total = await this.count(query, controller.signal);
      if (!controller.signal.aborted) this.#state = { kind: 'counted', total, query };
    } catch (error) {
      if (!controller.signal.aborted) this.#state = { kind: 'failed', message: explainError(error) };
    }
  }
}
