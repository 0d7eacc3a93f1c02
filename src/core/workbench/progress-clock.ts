import type { WorkbenchProgress } from './contract';

/** Progress updates per second at most: enough to look live, few enough not to flood the page. */
const updatesPerSecond = 10;

/**
 * Throttles progress for one file and works out speed and time left. `due()` is cheap to call after every chunk.
 */
export class ProgressClock {
  private readonly started = performance.now();
  private last = -Infinity;

  due(): boolean {
    const now = performance.now();
    if (now - this.last < 1000 / updatesPerSecond) return false;
    this.last = now;
    return true;
  }

  progress(base: Omit<WorkbenchProgress, 'megabytesPerSecond' | 'etaSeconds'>): WorkbenchProgress {
    const seconds = (performance.now() - this.started) / 1000;
    const bytesPerSecond = seconds > 0 ? base.bytesRead / seconds : 0;
    const left = Math.max(0, base.totalBytes - base.bytesRead);
    return {
      ...base,
      megabytesPerSecond: bytesPerSecond / 1_000_000,
      etaSeconds: bytesPerSecond > 0 && seconds >= 0.5 ? left / bytesPerSecond : null,
    };
  }
}

/**
 * Lets queued tasks run between chunks: a cancel from the page, and whoever consumes what the pass produces (the
 * Import screen's planner reads checked records as they come). A message to itself rather than `setTimeout(0)`,
 * which browsers clamp to 4 ms once timers nest, as these do.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    // Typed by hand: Node's typings of its (web-compatible) MessagePort leave out `onmessage`.
    const channel = new MessageChannel() as unknown as { port1: YieldPort; port2: YieldPort };
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

interface YieldPort {
  onmessage: (() => void) | null;
  postMessage(message: null): void;
  close(): void;
}

/**
 * How long a pass works before it lets its event loop turn. V8 ends an incremental mark-compact in a task of the
 * thread's own; until that task runs, what the thread allocates meanwhile can be kept alive and promoted. With one
 * turn per 1 MB chunk (~35 ms of CSV), every mark-compact of the 1M-user CSV pass promoted 5-8 MB of such garbage, and
 * the young generation grew to 64 MiB; with a turn every 2 ms, 0.4 MB, and it stayed at 28 MiB (tests/bench README).
 */
const workSliceMs = 2;

/** Lets the event loop turn whenever a pass has worked `workSliceMs` or more since the last turn. */
export class EventLoopTurns {
  private lastTurn = performance.now();

  /** Yields to the event loop if the slice is used up; otherwise returns at once. */
  async take(): Promise<void> {
    if (performance.now() - this.lastTurn < workSliceMs) return;
    await yieldToEventLoop();
    this.lastTurn = performance.now();
  }
}
