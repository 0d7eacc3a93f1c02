import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
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

/** The whole file as one chunk, as an in-memory Blob may arrive: nothing outside the reader makes it wait. */
function oneChunk(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** A message to this thread, and how many records had been read when it was handled (null until then). */
function queuedTask(): { post(): void; readonly handledAfter: number | null; counted(n: number): void } {
  let read = 0;
  let handledAfter: number | null = null;
  const channel = new MessageChannel();
  channel.port1.once('message', () => {
    handledAfter = read;
    channel.port1.close();
  });
  return {
    post: () => channel.port2.postMessage(null),
    get handledAfter() {
      return handledAfter;
    },
    counted: (n) => (read = n),
  };
}

describe('reading a file record by record in a batched pass', () => {
  it('lets queued tasks run while one large chunk is read, not only between chunks', async () => {
    const rows = Array.from(
      { length: 40_000 },
      (_, n) => `user${n}@example.com,User ${n},"{""plan"":""p${n % 5}""}"`,
    );
    const csv = `email,name,user_metadata\n${rows.join('\n')}\n`;
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
    // Handled once the reader's first slice of work (workSliceMs) was used up, long before the chunk was done.
    expect(task.handledAfter).not.toBeNull();
    expect(task.handledAfter as number).toBeLessThan(records / 2);
  });
});
