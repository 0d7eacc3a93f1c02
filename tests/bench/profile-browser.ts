/**
 * Where the workbench engine spends its time in Chromium itself (Node's profile in profile-engine.ts misses what
 * differs in the browser: Blob reading and creation, TextEncoder/TextDecoder, structured clone). Runs the engine on
 * the bench page's main thread, where a CDP profiler can attach, over a generated file:
 *
 *   npx tsx tests/bench/profile-browser.ts [users-100k.ndjson] [--check-only] [--helpers N] [--top 30] [--port 4429]
 *
 * With --helpers N, N helper workers check the batches and the profile shows what the coordinating thread does.
 *
 * Run `npm run bench -- --quick` once first so the data file exists. The profile is written next to the data as
 * <file>.browser.cpuprofile (open it in Chromium DevTools > Performance).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BenchPageHandle } from './bench-browser';
import { shares, type Profile } from './profile-engine';
import { benchDataDir, runTool, withBenchBrowser } from './tool-session';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      top: { type: 'string', default: '30' },
      port: { type: 'string', default: '4429' },
      'check-only': { type: 'boolean', default: false },
      helpers: { type: 'string', default: '0' },
    },
  });
  const name = positionals[0] ?? 'users-100k.ndjson';
  // Unminified, so the profile names functions as the source does.
  await withBenchBrowser(Number(values.port), { minify: false }, async (browser, url) => {
    const page = await BenchPageHandle.open(browser, url, (line) => console.log(line));
    const loaded = await page.call('load', [`/data/${name}`], 600_000);
    const session = await page.cdp();
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 200 });
    await session.send('Profiler.start');
    const ms = await page.call(
      'runEngineInPage',
      [name, !values['check-only'], Number(values.helpers)],
      600_000,
    );
    const { profile } = (await session.send('Profiler.stop')) as unknown as { profile: Profile };
    const path = join(benchDataDir, `${name}.browser.cpuprofile`);
    await writeFile(path, JSON.stringify(profile));
    const mode = values['check-only'] ? 'check only' : 'check + import parts';
    console.log(
      `${name} (${mode}): ${(loaded.bytes / 1e3 / ms).toFixed(1)} MB/s on the page thread under the profiler; ` +
        `profile in ${path}`,
    );
    const percent = (share: number): string => `${(share * 100).toFixed(1).padStart(5)}%`;
    console.log(`${'self'.padStart(6)} ${'total'.padStart(6)}  function`);
    for (const { where, self, total } of shares(profile).slice(0, Number(values.top))) {
      console.log(`${percent(self)} ${percent(total)}  ${where.slice(0, 140)}`);
    }
    await page.close();
  });
}

runTool(main);
