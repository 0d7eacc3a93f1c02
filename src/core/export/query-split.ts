/**
 * Exporting the result of a search query past Auth0's 1000-result paging cap: the query is split into created_at
 * ranges, halving a range until each part counts at most `maxPerPart` users (900 by default, under 1000 because the
 * search index is eventually consistent and counts drift while pages are read). The plan says honestly whether the
 * parts cover everything: the sum of the parts against the query's own total, and any millisecond that holds more
 * users than one query can page through (it cannot be split by created_at at all).
 */

/** What the planner asks of the tenant; the caller implements it over GET /api/v2/users. */
export interface QuerySplitPorts {
  /** How many users match (the `total` of a page=0, per_page=1, include_totals=true search). */
  count(query: string): Promise<number>;
  /** created_at of the oldest and newest matching user (sort=created_at:1 and -1, per_page=1); null if none match. */
  probe(query: string): Promise<{ oldest: string; newest: string } | null>;
}

export interface QuerySplitOptions {
  /** The most users a part may hold. Default 900; must stay <= 1000. */
  maxPerPart?: number;
  /** The most count queries the planner may send (each costs rate limit). Default 2000. */
  maxCountQueries?: number;
}

/** One query to page through. `from`/`to` bound created_at as [from, to); null for the unsplit query. */
export interface QueryPart {
  query: string;
  from: string | null;
  to: string | null;
  count: number;
  /** Set when the part holds more than `maxPerPart` users and could not be split further. */
  tooLarge: 'same-millisecond' | 'query-budget' | null;
}

export interface QuerySplitPlan {
  parts: QueryPart[];
  /** The query's total as the search reported it. */
  total: number;
  /** The sum of the parts' counts. */
  sumOfParts: number;
  /** Users in too-large parts beyond the 1000 that paging can reach: they will be missing from the export. */
  unreachable: number;
  /** True when the parts' sum equals the total and every part can be paged in full. */
  complete: boolean;
  /** One or two sentences for the user. */
  statement: string;
  countQueries: number;
}

/** The hard limit of search paging. */
export const searchResultCap = 1000;

/** The query for one created_at range [from, to). An empty base query matches every user. */
export function rangeQuery(base: string, from: string, to: string): string {
  const range = `created_at:[${from} TO ${to}}`;
  return base.trim() === '' ? range : `(${base.trim()}) AND ${range}`;
}

interface Planner {
  base: string;
  ports: QuerySplitPorts;
  max: number;
  budget: number;
  used: number;
  parts: QueryPart[];
}

async function countRange(planner: Planner, from: number, to: number): Promise<number> {
  planner.used++;
  return planner.ports.count(rangeQuery(planner.base, iso(from), iso(to)));
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Splits [from, to) holding `count` users into parts, left to right, so parts come out in created_at order. */
async function split(planner: Planner, from: number, to: number, count: number): Promise<void> {
  if (count === 0) return;
  const part = (tooLarge: QueryPart['tooLarge']): QueryPart => ({
    query: rangeQuery(planner.base, iso(from), iso(to)),
    from: iso(from),
    to: iso(to),
    count,
    tooLarge,
  });
  if (count <= planner.max) return void planner.parts.push(part(null));
  if (to - from <= 1) return void planner.parts.push(part('same-millisecond'));
  if (planner.used + 2 > planner.budget) return void planner.parts.push(part('query-budget'));
  const middle = from + Math.floor((to - from) / 2);
  const left = await countRange(planner, from, middle);
  const right = await countRange(planner, middle, to);
  await split(planner, from, middle, left);
  await split(planner, middle, to, right);
}

function describe(plan: Omit<QuerySplitPlan, 'statement'>): string {
  const { parts, total, sumOfParts, unreachable } = plan;
  const sentences = [
    `${parts.length} ${parts.length === 1 ? 'query covers' : 'queries cover'} ${sumOfParts} of the ${total} users the search reports.`,
  ];
  const crowded = parts.filter((p) => p.tooLarge === 'same-millisecond' && p.count > searchResultCap);
  if (crowded.length > 0) {
    sentences.push(
      `${crowded.map((p) => `${p.count} users were created in the same millisecond (${p.from})`).join('; ')}: search can read only ${searchResultCap} of them, so ${unreachable} will be missing. Use a full export job (no query) for these users.`,
    );
  }
  if (parts.some((p) => p.tooLarge === 'query-budget' && p.count > searchResultCap)) {
    sentences.push(
      `Planning stopped after ${plan.countQueries} count queries with parts of more than ${searchResultCap} users, so ${unreachable} users will be missing. Narrow the query or raise the budget.`,
    );
  }
  if (sumOfParts !== total) {
    sentences.push(
      `The parts add up to ${sumOfParts}, not ${total}: users were probably created or deleted while planning, or the index is catching up. Plan again for an exact count.`,
    );
  }
  return sentences.join(' ');
}

/**
 * Plans the queries that together return every user matching `query`, each under the paging cap.
 * Sends one count query, two probes (only when the total exceeds `maxPerPart`), then two counts per halving.
 */
export async function planQuerySplit(
  query: string,
  ports: QuerySplitPorts,
  options: QuerySplitOptions = {},
): Promise<QuerySplitPlan> {
  const max = Math.min(options.maxPerPart ?? 900, searchResultCap);
  const planner: Planner = {
    base: query,
    ports,
    max,
    budget: options.maxCountQueries ?? 2000,
    used: 1,
    parts: [],
  };
  const total = await ports.count(query);
  if (total <= max) {
    if (total > 0) planner.parts.push({ query, from: null, to: null, count: total, tooLarge: null });
  } else {
    const bounds = await ports.probe(query);
    const [oldest, newest] = [Date.parse(bounds?.oldest ?? ''), Date.parse(bounds?.newest ?? '')];
    if (Number.isNaN(oldest) || Number.isNaN(newest) || newest < oldest) {
      const plan = {
        parts: [],
        total,
        sumOfParts: 0,
        unreachable: total,
        complete: false,
        countQueries: planner.used,
      };
      return {
        ...plan,
        statement: `The oldest and newest created_at of the matching users could not be read (${JSON.stringify(bounds)}), so the query cannot be split.`,
      };
    }
    // The whole range holds what the total counted: no need to count it again.
    await split(planner, oldest, newest + 1, total);
  }
  const sumOfParts = planner.parts.reduce((sum, p) => sum + p.count, 0);
  const unreachable = planner.parts.reduce(
    (sum, p) => sum + (p.tooLarge ? Math.max(0, p.count - searchResultCap) : 0),
    0,
  );
  // A too-large part that still fits under the hard cap (e.g. 950 users in one millisecond) can be paged in full.
  const complete = sumOfParts === total && unreachable === 0;
  const plan = { parts: planner.parts, total, sumOfParts, unreachable, complete, countQueries: planner.used };
  return { ...plan, statement: describe(plan) };
}
