import { describe, expect, it } from 'vitest';
import { summarizeGcLog } from './gc-log';

const entry = (pid: number, isolate: string, ms: number, fields: Record<string, unknown>): string =>
  `2026-11-29T00:00:00.000Z pw:browser [pid=1][out] [${pid}:${isolate}:0]    ${ms} ms: GC: ${JSON.stringify(fields)}`;

describe('summarizeGcLog', () => {
  it("sums up each thread's collections: mark-compacts, what they promoted, and when the new space grew", () => {
    const log = [
      entry(7, '0xa', 10, { gc: 's', new_space_capacity: 1_048_576, promoted: 0 }),
      entry(7, '0xa', 20, { gc: 'mc', new_space_capacity: 1_048_576, promoted: 6_000_000 }),
      entry(7, '0xa', 30, { gc: 's', new_space_capacity: 2_097_152, promoted: 10 }),
      entry(7, '0xa', 40, { gc: 'mc', new_space_capacity: 2_097_152, promoted: 8_000_000 }),
      entry(7, '0xa', 50, { gc: 'mc', new_space_capacity: 4_194_304, promoted: 7_000_000 }),
      entry(8, '0xb', 15, { gc: 's', new_space_capacity: 1_048_576 }),
      '2026-11-29T00:00:00.000Z pw:browser [pid=1][out] [7:0xa:0]    60 ms: GC: {"gc":"s", "cut sh',
      'an unrelated line',
    ].join('\n');
    const [busiest, other] = summarizeGcLog(log);
    expect(busiest).toEqual({
      thread: '7:0xa',
      scavenges: 2,
      markCompacts: 3,
      medianPromotedByMarkCompact: 7_000_000,
      growth: [
        { ms: 10, capacity: 1_048_576 },
        { ms: 30, capacity: 2_097_152 },
        { ms: 50, capacity: 4_194_304 },
      ],
    });
    expect(other).toMatchObject({
      thread: '8:0xb',
      scavenges: 1,
      markCompacts: 0,
      medianPromotedByMarkCompact: 0,
    });
  });
});
