#!/usr/bin/env node
// Serves the built app and prints its URL. Options: --port N (default 5173), --host H (default 127.0.0.1),
// --dist DIR (default dist, or FERRY_DIST).
import { preview } from 'vite';

const arg = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const port = Number(arg('--port', process.env.PORT ?? '5173'));
const host = arg('--host', '127.0.0.1');
const outDir = arg('--dist', process.env.FERRY_DIST ?? 'dist');

const server = await preview({ build: { outDir }, preview: { port, host, strictPort: true, open: false } });
const url = server.resolvedUrls?.local[0] ?? `http://${host}:${port}/`;
console.log(`\nFerry is running at ${url}\n`);
