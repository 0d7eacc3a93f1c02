#!/usr/bin/env node
// Installs what a fresh clone lacks, using only Node's standard library (it runs before node_modules exists):
// - node_modules, with `npm ci`, when missing or older than package-lock.json;
// - with --browser: Debian's Chromium when /usr/bin/chromium is absent and we are root (Playwright cannot download
//   its own browsers here).
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (command) => execSync(command, { cwd: root, stdio: 'inherit' });

function ensureNodeModules() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('ferry: installing npm packages (npm ci)…');
  run('npm ci --no-audit --no-fund');
}

export const chromiumPath = process.env.FERRY_CHROMIUM ?? '/usr/bin/chromium';

function ensureChromium() {
  if (existsSync(chromiumPath)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(
      `ferry: no Chromium at ${chromiumPath}. Install Debian's package (sudo apt-get install -y chromium) ` +
        'or set FERRY_CHROMIUM to a Chromium binary, then run again.',
    );
    process.exit(1);
  }
  console.log("ferry: installing Debian's Chromium for the browser tests…");
  run('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium');
}

ensureNodeModules();
if (process.argv.includes('--browser')) ensureChromium();
