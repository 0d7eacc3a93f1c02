/**
 * Sums up V8's log of collections (`--trace-gc-nvp`, one JSON object per collection in Chromium) per thread: how
 * often mark-compacts ran, how much each promoted, and when the young generation grew. This is how the CSV pass's
 * 64 MiB young generation was traced to what its mark-compacts promoted (bench README, "How memory is measured").
 *
 *   FERRY_BENCH_JS_FLAGS='--trace-gc-nvp' DEBUG=pw:browser npx tsx tests/bench/memory-breakdown.ts users-1m.csv \
 *     --check-only > gc.log 2>&1
 *   npx tsx tests/bench/gc-log.ts gc.log
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface Collection {
  ms: number;
  kind: string;
  promoted: number;
  newSpaceCapacity: number;
}

export interface ThreadSummary {
  /** V8's isolate address, as the log names it (pid:isolate). */
  thread: string;
  scavenges: number;
  markCompacts: number;
  /** Median bytes a mark-compact promoted (0 with none). */
  medianPromotedByMarkCompact: number;
  /** When the new space's capacity changed, and to what (bytes). */
  growth: { ms: number; capacity: number }[];
}

const line = /\[(\d+):(0x[0-9a-f]+):\d+\]\s+(\d+) ms: GC: (\{.*\})/;

function parse(text: string): Map<string, Collection[]> {
  const threads = new Map<string, Collection[]>();
  for (const row of text.split('\n')) {
    const match = line.exec(row);
    if (!match) continue;
    let fields: Record<string, unknown>;
    try {
      fields = JSON.parse(match[4]) as Record<string, unknown>;
    } catch {
      continue; // A line cut short by the log's buffering.
    }
    const thread = `${match[1]}:${match[2]}`;
    const list = threads.get(thread) ?? [];
    list.push({
      ms: Number(match[3]),
      kind: String(fields.gc),
      promoted: Number(fields.promoted ?? 0),
      newSpaceCapacity: Number(fields.new_space_capacity ?? 0),
    });
    threads.set(thread, list);
  }
  return threads;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** One summary per thread that collected garbage, the busiest first. */
export function summarizeGcLog(text: string): ThreadSummary[] {
  return [...parse(text)]
    .map(([thread, collections]) => {
      const markCompacts = collections.filter((c) => c.kind === 'mc');
      const growth: ThreadSummary['growth'] = [];
      for (const c of collections) {
        const last = growth.at(-1)?.capacity;
        if (c.newSpaceCapacity > 0 && c.newSpaceCapacity !== last)
          growth.push({ ms: c.ms, capacity: c.newSpaceCapacity });
      }
      return {
        thread,
        scavenges: collections.filter((c) => c.kind === 's').length,
        markCompacts: markCompacts.length,
        medianPromotedByMarkCompact: median(markCompacts.map((c) => c.promoted)),
        growth,
      };
    })
    .sort((a, b) => b.scavenges + b.markCompacts - (a.scavenges + a.markCompacts));
}

function main(): void {
  const path = process.argv[2];
  if (!path) throw new Error('usage: npx tsx tests/bench/gc-log.ts LOG');
  const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
  for (const t of summarizeGcLog(readFileSync(path, 'utf8')).filter((s) => s.scavenges >= 20)) {
    console.log(
      `${t.thread}: ${t.scavenges} scavenges, ${t.markCompacts} mark-compacts promoting a median of ` +
        `${mib(t.medianPromotedByMarkCompact)} MiB; new space ${t.growth.map((g) => `${mib(g.capacity)} MiB at ${g.ms} ms`).join(', ')}`,
    );
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
