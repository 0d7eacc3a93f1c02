#!/usr/bin/env node
// Reports the size of what the page loads first (the entry script and the modules it imports statically) and fails
// the build when its gzip size passes the budget. Workers and lazily loaded screens are listed but not counted.
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUDGET_BYTES = 150 * 1024;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));

const initial = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);

const gzipSize = (file) => gzipSync(readFileSync(join(dist, file))).length;
const kib = (bytes) => (bytes / 1024).toFixed(1) + ' KiB';
let initialTotal = 0;
for (const file of initial) {
  if (!file.endsWith('.js')) continue;
  const size = gzipSize(file);
  initialTotal += size;
  console.log(`  initial  ${file.padEnd(48)} ${kib(size)} gzip`);
}
for (const file of readdirSync(join(dist, 'assets'))) {
  const path = 'assets/' + file;
  if (!file.endsWith('.js') || initial.has(path)) continue;
  console.log(`  lazy     ${path.padEnd(48)} ${kib(gzipSize(path))} gzip`);
}
console.log(`bundle: initial JavaScript ${kib(initialTotal)} gzip (budget ${kib(BUDGET_BYTES)})`);
if (initialTotal > BUDGET_BYTES) {
  console.error('bundle: over budget');
  process.exit(1);
}
