import { describe, expect, it } from 'vitest';
import { canReleaseBuffers, releaseBuffer } from './release-buffer';

describe('releaseBuffer', () => {
  // The unit tests run with `transfer` on (vite.config.ts), so the code that gives buffers back runs here as in
  // Chromium, and a buffer given back too early shows up as empty data in the tests of its users (zip, index).
  it('empties the buffer and every view on it, once, and leaves shared memory alone', () => {
    expect(canReleaseBuffers).toBe(true);
    const bytes = new Uint8Array([1, 2, 3, 4]);
    const view = bytes.subarray(1);
    releaseBuffer(bytes.buffer);
    expect(bytes.buffer.byteLength).toBe(0);
    expect(bytes).toHaveLength(0);
    expect(view).toHaveLength(0);
    expect(() => releaseBuffer(bytes.buffer)).not.toThrow();

    const shared = new Uint8Array(new SharedArrayBuffer(8));
    releaseBuffer(shared.buffer);
    expect(shared).toHaveLength(8);
  });
});
