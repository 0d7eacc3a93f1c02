/**
 * A window onto the last run's findings, which stay in the worker: the list asks for the rows it shows, the pager
 * fetches them a page at a time through `findings(query)` and keeps a bounded number of pages, so 100,000 findings
 * cost the page only what is on screen.
 */
import { untrack } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import type { FindingPage, FindingQuery } from '../../core/workbench/contract';
import type { Finding, Severity } from '../../core/findings';

export interface FindingFilter {
  severity: Severity | '';
  code: string;
  file: string;
  text: string;
}

export const emptyFindingFilter = (): FindingFilter => ({ severity: '', code: '', file: '', text: '' });

export type FetchFindingPage = (query: FindingQuery) => Promise<FindingPage>;

/** Rows per request: a few screens' worth, small enough to clone quickly across the worker boundary. */
export const findingPageSize = 200;
/** Pages kept in memory; the ones farthest from what is on screen are dropped first. */
const maxCachedPages = 40;
/** Typing in the text filter waits this long for a pause before asking the worker. */
const textFilterDelayMs = 200;

export class FindingsPager {
  #fetch: FetchFindingPage | null = null;
  #filter = $state<FindingFilter>(emptyFindingFilter());
  #total = $state(0);
  #loading = $state(false);
  #error = $state<string | null>(null);
  #version = $state(0);
  readonly #pages = new SvelteMap<number, Finding[]>();
  // Bookkeeping only, never shown: a plain Set on purpose.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #pending = new Set<number>();
  /** Bumped on every reset so answers to an older query are ignored. */
  #generation = 0;
  #textTimer: ReturnType<typeof setTimeout> | undefined;

  get filter(): Readonly<FindingFilter> {
    return this.#filter;
  }
  /** Findings that match the filter. */
  get total(): number {
    return this.#total;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get error(): string | null {
    return this.#error;
  }
  /** Changes whenever the list starts over (new run or new filter): a view keyed on it starts at the top. */
  get version(): number {
    return this.#version;
  }

  /** Points the pager at a finished run's findings and loads the first page. */
  async open(fetchPage: FetchFindingPage): Promise<void> {
    this.#fetch = fetchPage;
    this.#filter = emptyFindingFilter();
    await this.#reload();
  }

  /** Forgets the findings (a new run is starting). */
  close(): void {
    this.#fetch = null;
    this.#forget();
    this.#total = 0;
    this.#error = null;
    this.#loading = false;
  }

  /** Changes the filter; text changes wait for a pause in typing, the others apply at once. */
  setFilter(change: Partial<FindingFilter>): void {
    this.#filter = { ...this.#filter, ...change };
    clearTimeout(this.#textTimer);
    if (Object.keys(change).length === 1 && 'text' in change) {
      this.#textTimer = setTimeout(() => void this.#reload(), textFilterDelayMs);
    } else {
      void this.#reload();
    }
  }

  /** Clears every filter. */
  clearFilter(): void {
    this.setFilter(emptyFindingFilter());
  }

  /** The finding at this position of the filtered list, or undefined while its page is loading. */
  rowAt(index: number): Finding | undefined {
    return this.#pages.get(Math.floor(index / findingPageSize))?.[index % findingPageSize];
  }

  /** Makes sure the rows from `start` to `end` (inclusive) are loaded or on their way. */
  show(start: number, end: number): void {
    // Called from a view's effect: reading the cache here must not make that effect depend on it.
    untrack(() => {
      if (!this.#fetch || this.#total === 0) return;
      const first = Math.max(0, Math.floor(start / findingPageSize));
      const last = Math.min(
        Math.floor((this.#total - 1) / findingPageSize),
        Math.floor(end / findingPageSize),
      );
      for (let page = first; page <= last; page++) void this.#load(page, this.#generation);
      this.#evictFarFrom(first);
    });
  }

  async #reload(): Promise<void> {
    this.#forget();
    if (!this.#fetch) return;
    await this.#load(0, this.#generation);
  }

  #forget(): void {
    this.#generation += 1;
    this.#version = this.#generation;
    this.#pages.clear();
    this.#pending.clear();
  }

  async #load(page: number, generation: number): Promise<void> {
    if (this.#pages.has(page) || this.#pending.has(page) || !this.#fetch) return;
    this.#pending.add(page);
    this.#loading = true;
    try {
      const result = await this.#fetch({
        ...this.#query(),
        offset: page * findingPageSize,
        limit: findingPageSize,
      });
      if (generation !== this.#generation) return;
      this.#total = result.total;
      this.#pages.set(page, result.rows);
      this.#error = null;
    } catch (error) {
      if (generation === this.#generation) this.#error = `Could not load findings: ${String(error)}`;
    } finally {
      if (generation === this.#generation) {
        this.#pending.delete(page);
        this.#loading = this.#pending.size > 0;
      }
    }
  }

  #query(): Omit<FindingQuery, 'offset' | 'limit'> {
    const { severity, code, file, text } = this.#filter;
    const trimmed = text.trim();
    return {
      ...(severity ? { severity } : {}),
      ...(code ? { code } : {}),
      ...(file ? { file } : {}),
      ...(trimmed ? { text: trimmed } : {}),
    };
  }

  #evictFarFrom(page: number): void {
    if (this.#pages.size <= maxCachedPages) return;
    const byDistance = [...this.#pages.keys()].sort((a, b) => Math.abs(b - page) - Math.abs(a - page));
    for (const far of byDistance.slice(0, this.#pages.size - maxCachedPages)) this.#pages.delete(far);
  }
}
