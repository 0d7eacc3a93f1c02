/** Query-string parsing shared by the list endpoints, with Auth0's validation messages. */

export interface Paging {
  page: number;
  perPage: number;
  /** Whether the client asked for paging (without page/per_page Auth0 returns a default page of 50). */
  explicit: boolean;
  includeTotals: boolean;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const integer = (
  raw: string | undefined,
  name: string,
  min: number,
  max: number,
): Parsed<number | undefined> => {
  if (raw === undefined || raw === '') return { ok: true, value: undefined };
  const n = Number(raw);
  if (!Number.isInteger(n))
    return { ok: false, message: `'Expected type integer but found type string' on property ${name}.` };
  if (n < min) return { ok: false, message: `'Value ${n} is less than minimum ${min}' on property ${name}.` };
  if (n > max)
    return { ok: false, message: `'Value ${n} is greater than maximum ${max}' on property ${name}.` };
  return { ok: true, value: n };
};

/** page >= 0, 1 <= per_page <= 100 (Auth0 refuses more), include_totals a boolean. */
export function parsePaging(query: Record<string, string>): Parsed<Paging> {
  const page = integer(query.page, 'page', 0, Number.MAX_SAFE_INTEGER);
  if (!page.ok) return page;
  const perPage = integer(query.per_page, 'per_page', 1, 100);
  if (!perPage.ok) return perPage;
  return {
    ok: true,
    value: {
      page: page.value ?? 0,
      perPage: perPage.value ?? 50,
      explicit: page.value !== undefined || perPage.value !== undefined,
      includeTotals: query.include_totals === 'true',
    },
  };
}

export interface Checkpoint {
  /** Where the page starts: the `next` of the previous page (an opaque id), or undefined for the first page. */
  from: string | undefined;
  take: number;
}

/**
 * Checkpoint paging (`from`/`take`), or undefined when the request uses neither. Mixing it with page/per_page is
 * refused: Auth0 does not say which would win, so a client that mixes them has a bug worth seeing.
 */
export function parseCheckpoint(query: Record<string, string>): Parsed<Checkpoint> | undefined {
  if (query.from === undefined && query.take === undefined) return undefined;
  if (query.page !== undefined || query.per_page !== undefined) {
    return {
      ok: false,
      message: "'Use either from/take (checkpoint) or page/per_page (offset) paging, not both'.",
    };
  }
  const take = integer(query.take, 'take', 1, 100);
  if (!take.ok) return take;
  return { ok: true, value: { from: query.from || undefined, take: take.value ?? 50 } };
}

/** Keeps (include_fields=true, default) or drops the comma-separated `fields` of each object. */
export function projectFields<T extends object>(
  items: T[],
  query: Record<string, string>,
): Record<string, unknown>[] {
  if (!query.fields) return items as Record<string, unknown>[];
  const names = new Set(query.fields.split(',').map((f) => f.trim()));
  const include = query.include_fields !== 'false';
  return items.map((item) =>
    Object.fromEntries(Object.entries(item).filter(([key]) => names.has(key) === include)),
  );
}
