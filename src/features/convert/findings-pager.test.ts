import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Finding } from '../../core/findings';
import type { FindingQuery } from '../../core/workbench/contract';
import { FindingsPager, findingPageSize } from './findings-pager.svelte';

const finding = (record: number, code = 'email.format'): Finding => ({
  file: 'users.json',
  record,
  line: record + 2,
  path: '/email',
  code,
  severity: code === 'email.format' ? 'error' : 'warning',
  message: `Record ${record}: bad`,
  hint: 'Fix it',
});

/** A fake engine holding `count` findings; every query it answers is recorded. */
function engine(count: number) {
  const all = Array.from({ length: count }, (_, index) =>
    finding(index, index % 3 === 0 ? 'dup' : 'email.format'),
  );
  const queries: FindingQuery[] = [];
  const fetchPage = vi.fn(async (query: FindingQuery) => {
    queries.push(query);
    const matching = all.filter(
      (row) => (!query.code || row.code === query.code) && (!query.text || row.message.includes(query.text)),
    );
    return { total: matching.length, rows: matching.slice(query.offset, query.offset + query.limit) };
  });
  return { fetchPage, queries };
}

afterEach(() => vi.useRealTimers());

describe('FindingsPager', () => {
  it('loads the first page on open and further pages only when shown', async () => {
    const { fetchPage, queries } = engine(100_000);
    const pager = new FindingsPager();
    await pager.open(fetchPage);
    expect(pager.total).toBe(100_000);
    expect(pager.rowAt(0)?.record).toBe(0);
    expect(pager.rowAt(findingPageSize)).toBeUndefined();

    pager.show(50_000, 50_030);
    await vi.waitFor(() => expect(pager.rowAt(50_010)?.record).toBe(50_010));
    expect(queries.map((query) => query.offset)).toEqual([0, 50_000 - (50_000 % findingPageSize)]);
  });

  it('does not fetch a page twice while it is loading or loaded', async () => {
    const { fetchPage } = engine(1_000);
    const pager = new FindingsPager();
    await pager.open(fetchPage);
    pager.show(0, 450);
    pager.show(10, 450);
    await vi.waitFor(() => expect(pager.loading).toBe(false));
    expect(fetchPage).toHaveBeenCalledTimes(3);
  });

  it('sends only the filters that are set and reloads from the top when they change', async () => {
    const { fetchPage, queries } = engine(30);
    const pager = new FindingsPager();
    await pager.open(fetchPage);
    const version = pager.version;
    pager.setFilter({ code: 'dup' });
    expect(pager.version).toBeGreaterThan(version);
    await vi.waitFor(() => expect(pager.total).toBe(10));
    expect(queries.at(-1)).toEqual({ code: 'dup', offset: 0, limit: findingPageSize });
    expect(pager.rowAt(1)?.record).toBe(3);
  });

  it('waits for a pause in typing before filtering by text', async () => {
    vi.useFakeTimers();
    const { fetchPage, queries } = engine(30);
    const pager = new FindingsPager();
    await pager.open(fetchPage);
    pager.setFilter({ text: 'Record 1' });
    pager.setFilter({ text: 'Record 12' });
    expect(queries).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(250);
    expect(queries).toHaveLength(2);
    expect(queries[1].text).toBe('Record 12');
    expect(pager.total).toBe(1);
  });

  it('ignores an answer that arrives after the filter changed', async () => {
    let release: (() => void) | undefined;
    const slow = vi.fn(async (query: FindingQuery) => {
      if (query.code === 'slow') await new Promise<void>((resolve) => (release = resolve));
      return { total: query.code === 'slow' ? 99 : 5, rows: [finding(query.code === 'slow' ? 99 : 1)] };
    });
    const pager = new FindingsPager();
    await pager.open(slow);
    pager.setFilter({ code: 'slow' });
    pager.setFilter({ code: 'fast' });
    await vi.waitFor(() => expect(pager.total).toBe(5));
    release?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(pager.total).toBe(5);
    expect(pager.rowAt(0)?.record).toBe(1);
  });

  it('reports a failed page and forgets everything on close', async () => {
    const pager = new FindingsPager();
    await pager.open(async () => {
      throw new Error('worker gone');
    });
    expect(pager.error).toContain('worker gone');
    pager.close();
    expect(pager.error).toBeNull();
    expect(pager.total).toBe(0);
  });
});
