/**
 * What the bench page's renderer holds while the workbench runs, by allocator: Chromium's own memory dumps
 * (memory-infra), taken every ~0.7 s through the DevTools protocol. The bench's peak is the renderer's RSS; this says
 * which part of it is V8's heaps (per space: V8 grows a thread's young generation as bytes survive or are promoted),
 * ArrayBuffers (byte batches, the duplicate index), Blob bytes on their way to the browser process, or malloc:
 *
 *   npx tsx tests/bench/memory-breakdown.ts [users-1m.csv ...] [--helpers N] [--downloads] [--check-only] [--port 4433]
 *
 * With --downloads, the dumps go on through the `downloads()` step after the run (parts, zip, error reports). With
 * --check-only, the run builds no output (what the memory is without the import parts).
 *
 * Run `npm run bench` once first so the data files exist. V8's own log of each collection (new space size, live data)
 * comes with `FERRY_BENCH_JS_FLAGS='--trace-gc-nvp' DEBUG=pw:browser` before this command or `npm run bench -- ...`
 * (see bench-browser.ts): the mark-compact lines' `promoted` is what sized the young generation of the CSV pass.
 */
import { parseArgs } from 'node:util';
import { BenchPageHandle } from './bench-browser';
import { RendererMemory } from './renderer-memory';
import { runTool, withBenchBrowser } from './tool-session';

interface AllocatorDump {
  attrs?: { size?: { value: string } };
}

/** A trace event that carries a process memory dump (phase 'v'). */
interface MemoryDumpEvent {
  ph: string;
  pid: number;
  args: { dumps?: { allocators?: Record<string, AllocatorDump> } };
}

/** The allocators shown per dump; "pa/" is PartitionAlloc's partitions (array_buffer: ArrayBuffer contents). */
const columns = [
  'v8',
  'partition_alloc/partitions/array_buffer',
  'partition_alloc/partitions/buffer',
  'malloc',
  'blink_gc',
];

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);

function sizeOf(dump: MemoryDumpEvent, allocator: string): number {
  const value = dump.args.dumps?.allocators?.[allocator]?.attrs?.size?.value;
  return value ? parseInt(value, 16) : 0;
}

function total(dump: MemoryDumpEvent): number {
  return ['v8', 'partition_alloc', 'malloc', 'blink_gc'].reduce((sum, key) => sum + sizeOf(dump, key), 0);
}

/** The largest dump's allocators, a few levels deep, largest first. */
function detail(dump: MemoryDumpEvent): string {
  return Object.keys(dump.args.dumps?.allocators ?? {})
    .filter((name) => name.split('/').length <= 4 && !name.includes('allocated_objects'))
    .map((name) => ({ name, bytes: sizeOf(dump, name) }))
    .filter(({ bytes }) => bytes >= 1.5 * 2 ** 20)
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 30)
    .map(({ name, bytes }) => `  ${mib(bytes).padStart(5)} MiB  ${name}`)
    .join('\n');
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      helpers: { type: 'string', default: '0' },
      downloads: { type: 'boolean', default: false },
      'check-only': { type: 'boolean', default: false },
      port: { type: 'string', default: '4433' },
    },
  });
  const names = positionals.length > 0 ? positionals : ['users-1m.ndjson'];
  await withBenchBrowser(Number(values.port), {}, async (browser, url) => {
    const memory = await RendererMemory.attach(browser);
    const cdp = await browser.newBrowserCDPSession();
    for (const name of names) {
      const page = await BenchPageHandle.open(browser, url, (line) => console.log(line));
      await page.call('load', [`/data/${name}`], 600_000);
      const pid = await memory.identify(() => page.call('holdMemory', [200], 60_000), 200);
      await page.call('releaseMemory', [], 60_000);
      await page.call('collectGarbage', [], 60_000);
      const dumps: MemoryDumpEvent[] = [];
      // The protocol types trace events loosely; a memory dump is an event of phase 'v'.
      const collect = (event: { value: object[] }): void => {
        for (const item of event.value as MemoryDumpEvent[]) {
          if (item.ph === 'v' && item.pid === pid && total(item) > 0) dumps.push(item);
        }
      };
      cdp.on('Tracing.dataCollected', collect);
      const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
      await cdp.send('Tracing.start', {
        traceConfig: {
          includedCategories: ['disabled-by-default-memory-infra'],
          excludedCategories: ['*'],
          memoryDumpConfig: { triggers: [] },
        },
        transferMode: 'ReportEvents',
      } as never);
      let running = true;
      // Dumps arrive in the order they were asked for: counting them tells which came during downloads().
      let requested = 0;
      const dumping = (async () => {
        while (running) {
          await cdp
            .send('Tracing.requestMemoryDump', { deterministic: false, levelOfDetail: 'detailed' } as never)
            .then(() => requested++)
            .catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, 700));
        }
      })();
      const result = await page.call(
        'runWorkbench',
        [name, Number(values.helpers), values['check-only']],
        600_000,
      );
      const firstOfDownloads = requested;
      if (values.downloads) await page.call('workbenchDownloads', [], 600_000);
      running = false;
      await dumping;
      await cdp.send('Tracing.end');
      await complete;
      cdp.off('Tracing.dataCollected', collect);
      console.log(`${name}: ${(result.ms / 1000).toFixed(2)} s, ${values.helpers} helpers; MiB per dump:`);
      console.log(
        `  ${columns.map((column) => column.replace('partition_alloc/partitions/', 'pa/')).join('  ')}`,
      );
      for (const [i, dump] of dumps.entries()) {
        if (values.downloads && i === firstOfDownloads) console.log('  downloads():');
        console.log(`  ${columns.map((column) => mib(sizeOf(dump, column))).join('  ')}`);
      }
      const largest = dumps.reduce<MemoryDumpEvent | null>(
        (best, dump) => (best === null || total(dump) > total(best) ? dump : best),
        null,
      );
      if (largest) console.log(`largest dump, ${mib(total(largest))} MiB by allocator:\n${detail(largest)}`);
      await page.close();
    }
  });
}

runTool(main);
