/**
 * Peak memory of the bench page's renderer process, which holds the page AND its dedicated workers (Chromium runs
 * dedicated workers as threads of the page's renderer), so one figure covers the bridge, the worker's heap, decoder
 * buffers and output Blobs under construction.
 *
 * Why this source: `Performance.getMetrics` sees only the main thread's V8 heap, not the worker's;
 * `performance.measureUserAgentSpecificMemory` reports JS/DOM only and resolves lazily (at the next GC, up to ~20 s
 * later), so it cannot catch a peak. The renderer's resident set does: CDP `SystemInfo.getProcessInfo` lists the
 * renderer pids, a one-off calibration tells which one is our page, and Linux's /proc/<pid>/status gives VmRSS and
 * VmHWM (the kernel's own peak, reset per run through /proc/<pid>/clear_refs). A 50 ms VmRSS sampler backs it up
 * where clear_refs is not permitted. The figure is RSS, so it includes ~50-100 MB of Chromium's own baseline
 * (reported as "idle"). The file's Blob itself lives in the browser process and is not counted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Browser, CDPSession } from '@playwright/test';

export interface MemoryPeak {
  /** Renderer RSS just before the run, after a GC. */
  idleBytes: number;
  peakBytes: number;
  /** 'VmHWM' when the kernel's peak could be reset and read, else 'sampled'. */
  method: 'VmHWM' | 'sampled';
}

const kib = 1024;

/** VmRSS or VmHWM of a process in bytes, or null when /proc cannot tell. */
function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`));
    return match ? Number(match[1]) * kib : null;
  } catch {
    return null;
  }
}

/** Resets the kernel's peak RSS of `pid` to its current RSS; false where the system does not allow it. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export class RendererMemory {
  readonly #cdp: CDPSession;

  private constructor(cdp: CDPSession) {
    this.#cdp = cdp;
  }

  static async attach(browser: Browser): Promise<RendererMemory> {
    return new RendererMemory(await browser.newBrowserCDPSession());
  }

  async rendererPids(): Promise<number[]> {
    const info = (await this.#cdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: { type: string; id: number }[];
    };
    return info.processInfo.filter((process) => process.type === 'renderer').map((process) => process.id);
  }

  /**
   * Finds the renderer of a page: `grow` makes the page touch `megabytes` MB, and the renderer whose RSS rose by
   * most of that is the one. Chromium keeps spare renderers around, so "the only renderer" would be a guess.
   */
  async identify(grow: () => Promise<unknown>, megabytes: number): Promise<number> {
    const pids = await this.rendererPids();
    const before = new Map(pids.map((pid) => [pid, procStatus(pid, 'VmRSS') ?? 0]));
    await grow();
    let best = { pid: -1, growth: 0 };
    for (const pid of pids) {
      const growth = (procStatus(pid, 'VmRSS') ?? 0) - (before.get(pid) ?? 0);
      if (growth > best.growth) best = { pid, growth };
    }
    if (best.growth < megabytes * 1e6 * 0.6) {
      throw new Error(
        `bench: could not tell which Chromium renderer is the bench page (largest growth ${Math.round(best.growth / 1e6)} MB ` +
          `of ${megabytes} MB allocated); /proc/<pid>/status may not be readable here.`,
      );
    }
    return best.pid;
  }

  /** Runs `work` while tracking the peak RSS of renderer `pid`. */
  async measure<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; memory: MemoryPeak }> {
    const idleBytes = procStatus(pid, 'VmRSS') ?? 0;
    const kernelPeak = resetPeak(pid);
    let sampled = idleBytes;
    const sampler = setInterval(() => {
      sampled = Math.max(sampled, procStatus(pid, 'VmRSS') ?? 0);
    }, 50);
    try {
      const result = await work();
      const hwm = kernelPeak ? procStatus(pid, 'VmHWM') : null;
      const peakBytes = Math.max(sampled, hwm ?? 0);
      return { result, memory: { idleBytes, peakBytes, method: hwm === null ? 'sampled' : 'VmHWM' } };
    } finally {
      clearInterval(sampler);
    }
  }
}
