import { describe, expect, it } from 'vitest';
import { oneChunk, queuedTask, usersCsv } from '../../../tests/fixtures/workbench/queued-task';
import type { BatchPlan } from './batched-read';
import { readFileInBatches } from './batched-read';

/** A plan for files that never reach it: CSV and JSON arrays are read record by record on this thread. */
const unusedPlan: BatchPlan = {
  checkers: { size: 0, check: () => Promise.reject(new Error('no NDJSON here')) },
  request: () => {
    throw new Error('no NDJSON here');
  },
  apply: () => {
    throw new Error('no NDJSON here');
  },
};

describe('reading a file record by record in a batched pass', () => {
  it('lets queued tasks run while one large chunk is read, not only between chunks', async () => {
    const csv = usersCsv(40_000);
    const task = queuedTask();
    let records = 0;
    const result = await readFileInBatches(
      oneChunk(csv),
      {
        sink: {
          record: () => {
            records++;
            task.counted(records);
            // A cancel or a progress request from the page arrives as such a task.
            if (records === 1) task.post();
          },
          unreadable: () => undefined,
        },
        onFormat: () => undefined,
        onBytes: () => undefined,
        isCancelled: () => false,
      },
      unusedPlan,
    );
    expect(result.format).toBe('csv');
    expect(records).toBe(40_000);
    // Handled once the reader's first slice of work (a few ms) was used up, long before the chunk was done.
    expect(task.handledAfter).not.toBeNull();
    expect(task.handledAfter as number).toBeLessThan(records / 2);
  });
});
