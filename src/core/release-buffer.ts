/**
 * Gives an ArrayBuffer's memory back now. V8 frees an unreferenced buffer only when a collection finds its object
 * dead, and a step that allocates little JavaScript (building downloads after a run) may not collect for a long
 * time: measured in Chromium (memory-breakdown.ts), the 1M-user run's duplicate index (~45 MiB) stayed resident
 * through the whole downloads step. Detaching a buffer (`transfer` to length 0, ES2024; Chromium 114+, Node 22+,
 * Node 20 with --harmony-rab-gsab-transfer) frees its bytes at once. Without `transfer` this does nothing and the
 * collector frees the buffer as before.
 *
 * For buffers this code made (typed arrays it allocated): a buffer the browser made (`Blob.arrayBuffer`, stream
 * chunks) may also be held by the browser's own wrapper (measured: zipping parts read whole with `Blob.arrayBuffer`
 * and detached afterwards peaked at 500 MiB, against 350 MiB streamed as before). Only for a buffer nothing will read
 * again: every view on it becomes empty.
 */
interface Transferable {
  transfer?: (length: number) => ArrayBuffer;
  readonly detached?: boolean;
}

export function releaseBuffer(buffer: ArrayBufferLike): void {
  if (!(buffer instanceof ArrayBuffer)) return;
  const transferable = buffer as ArrayBuffer & Transferable;
  if (typeof transferable.transfer !== 'function' || transferable.detached === true) return;
  transferable.transfer(0);
}

/** Whether `releaseBuffer` can free memory on this platform. */
export const canReleaseBuffers =
  typeof (ArrayBuffer.prototype as ArrayBuffer & Transferable).transfer === 'function';
