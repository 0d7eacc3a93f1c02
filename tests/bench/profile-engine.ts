/**
 * Where the workbench engine spends its time, without a browser: runs `createWorkbench().run()` in Node (same V8 as
 * Chromium) over a generated file under the V8 CPU profiler and prints the functions with the most self time.
 *
 *   npx tsx tests/bench/profile-engine.ts [users-100k.ndjson] [--top 25]
 *
 * Run `npm run bench -- --quick` once first so the data file exists. The full profile is written next to the data as
 * <file>.cpuprofile (open it in Chromium DevTools > Performance).
 */
import { Session } from 'node:inspector/promises';
import { openAsBlob } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createWorkbench } from '../../src/core/workbench/engine';
import { defaultWorkbenchOptions } from '../../src/core/workbench/contract';

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

function nameOf(node: ProfileNode): string {
  const file = node.callFrame.url.replace(/^.*\/(src|node_modules)\//, '$1/').replace(/^file:\/\/.*\//, '');
  return `${node.callFrame.functionName || '(anonymous)'}${file ? ` ${file}` : ''}`;
}

/**
 * Self and total (inclusive) share per function, largest self first. Total counts a sample once per function on its
 * stack, so recursion is not double-counted. Line numbers are left out: tsx's transpiled positions do not map back.
 */
export function shares(profile: Profile): { where: string; self: number; total: number }[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const id of profile.samples) {
    const leaf = byId.get(id);
    if (!leaf) continue;
    self.set(nameOf(leaf), (self.get(nameOf(leaf)) ?? 0) + 1);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const name = nameOf(byId.get(at) as ProfileNode);
      if (!seen.has(name)) total.set(name, (total.get(name) ?? 0) + 1);
      seen.add(name);
    }
  }
  const n = profile.samples.length || 1;
  return [...total]
    .map(([where, count]) => ({ where, self: (self.get(where) ?? 0) / n, total: count / n }))
    .sort((a, b) => b.self - a.self);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '25' } },
  });
  const name = positionals[0] ?? 'users-100k.ndjson';
  const path = join(fileURLToPath(new URL('./.data', import.meta.url)), name);
  const blob = await openAsBlob(path);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const started = performance.now();
  const summary = await createWorkbench().run([{ name, blob }], defaultWorkbenchOptions, () => undefined);
  const seconds = (performance.now() - started) / 1000;
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
  await writeFile(`${path}.cpuprofile`, JSON.stringify(profile));
  console.log(
    `${name}: ${summary.counts.total} records in ${seconds.toFixed(2)} s (${(blob.size / 1e6 / seconds).toFixed(1)} MB/s ` +
      `under the profiler), profile in ${path}.cpuprofile`,
  );
  const percent = (share: number): string => `${(share * 100).toFixed(1).padStart(5)}%`;
  console.log(`${'self'.padStart(6)} ${'total'.padStart(6)}  function`);
  for (const { where, self, total } of shares(profile).slice(0, Number(values.top))) {
    console.log(`${percent(self)} ${percent(total)}  ${where}`);
  }
}

// Run only as a script: profile-browser.ts imports `shares` from here.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
