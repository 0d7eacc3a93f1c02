/**
 * How much parallel checking can gain on this machine at best: in each round, on the same loaded NDJSON file, the
 * streamed JSON.parse baseline, one workbench engine (no helpers), and N engines in workers of their own, each over
 * one N-th of the file cut at line ends, with nothing shared and nothing to coordinate. The last is an upper bound
 * for any way of splitting the check across threads (it even skips duplicates across slices), so its ratio to the
 * baseline is the most that helper threads could reach here. Each line also says how many cores Chromium's
 * renderers used meanwhile (from /proc: Linux only) and the machine's steal time (CPU taken by the hypervisor).
 *
 *   npx tsx tests/bench/parallel-ceiling.ts [users-1m.ndjson] [--engines 2] [--rounds 3] [--port 4434]
 *
 * Run `npm run bench` once first so the data file exists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BenchPageHandle } from './bench-browser';
import { runTool, withBenchBrowser } from './tool-session';

const clockTicksPerSecond = 100;

/** CPU time (user + system, in clock ticks) of Chromium's renderer processes, which hold the page and its workers. */
function rendererTicks(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return ticks;
}

/** The machine's steal time so far, in clock ticks (the 8th value of /proc/stat's cpu line). */
function stealTicks(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  return Number(cpu[8] ?? 0);
}

interface Measured<T> {
  value: T;
  ms: number;
  /** Renderer CPU seconds per wall second, and steal likewise. */
  cores: number;
  steal: number;
}

async function measured<T>(run: () => Promise<T & { ms: number }>): Promise<Measured<T & { ms: number }>> {
  const cpu = rendererTicks();
  const steal = stealTicks();
  const value = await run();
  const seconds = value.ms / 1000;
  return {
    value,
    ms: value.ms,
    cores: (rendererTicks() - cpu) / clockTicksPerSecond / seconds,
    steal: (stealTicks() - steal) / clockTicksPerSecond / seconds,
  };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1];

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      engines: { type: 'string', default: '2' },
      rounds: { type: 'string', default: '3' },
      port: { type: 'string', default: '4434' },
    },
  });
  const name = positionals[0] ?? 'users-1m.ndjson';
  const engines = Number(values.engines);
  await withBenchBrowser(Number(values.port), {}, async (browser, url) => {
    const page = await BenchPageHandle.open(browser, url, (line) => console.log(line));
    const { bytes } = await page.call('load', [`/data/${name}`], 600_000);
    const rate = (ms: number): string => `${(bytes / 1e3 / ms).toFixed(1).padStart(6)} MB/s`;
    const line = (what: string, run: Measured<unknown>, baselineMs: number): string =>
      `  ${what.padEnd(24)} ${rate(run.ms)}  ratio ${(baselineMs / run.ms).toFixed(2)}  ` +
      `renderer ${run.cores.toFixed(2)} cores, steal ${run.steal.toFixed(2)}`;
    const speedups: number[] = [];
    const ratios: number[] = [];
    for (let round = 1; round <= Number(values.rounds); round++) {
      const baseline = await measured(() => page.call('runBaseline', ['ndjson-stream'], 600_000));
      const one = await measured(() => page.call('runWorkbench', [name, 0], 600_000));
      await page.call('workbenchDownloads', [], 600_000);
      const many = await measured(() => page.call('runIndependentEngines', [name, engines], 600_000));
      if (many.value.records !== one.value.counts.total)
        throw new Error(`the slices held ${many.value.records} records, the file ${one.value.counts.total}`);
      console.log(`round ${round}, ${name}:`);
      console.log(line('baseline ndjson-stream', baseline, baseline.ms));
      console.log(line('one engine', one, baseline.ms));
      console.log(line(`${engines} independent engines`, many, baseline.ms));
      speedups.push(one.ms / many.ms);
      ratios.push(baseline.ms / many.ms);
    }
    console.log(
      `medians: ${engines} independent engines ${median(speedups).toFixed(2)}x one engine, ` +
        `ratio ${median(ratios).toFixed(2)} to the baseline (the most helper threads could reach here)`,
    );
    await page.close();
  });
}

runTool(main);
