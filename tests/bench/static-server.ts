/**
 * A small HTTP server on 127.0.0.1 for the bench: the built bench page from one folder and the generated user files
 * under /data/ from another. It sends COOP/COEP so the page is cross-origin isolated (precise timers, and
 * `performance.measureUserAgentSpecificMemory` where Chromium offers it). node:http is enough for two folders.
 */
import { createServer, type Server } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.ndjson': 'application/x-ndjson',
  '.csv': 'text/csv; charset=utf-8',
};

const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

export interface BenchServer {
  url: string;
  close(): Promise<void>;
}

/** The file a request path names inside `root`, or null when it would leave it. */
function resolveInside(root: string, requestPath: string): string | null {
  const path = normalize(join(root, decodeURIComponent(requestPath)));
  return path === root || path.startsWith(root + sep) ? path : null;
}

function fileFor(pageDir: string, dataDir: string, pathname: string): string | null {
  if (pathname.startsWith('/data/')) return resolveInside(dataDir, pathname.slice('/data/'.length));
  return resolveInside(pageDir, pathname === '/' ? 'index.html' : pathname);
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`bench: port ${port} is in use; pass --port with a free one (or stop what holds it).`)
          : error,
      ),
    );
    server.listen(port, '127.0.0.1', resolve);
  });
}

/** Starts the server; `close()` stops it and drops open connections. */
export async function startBenchServer(pageDir: string, dataDir: string, port: number): Promise<BenchServer> {
  const server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const path = fileFor(pageDir, dataDir, pathname);
    const fail = (status: number): void => {
      response.writeHead(status, isolationHeaders).end();
    };
    if (!path || request.method !== 'GET') return fail(path ? 405 : 403);
    stat(path).then(
      (info) => {
        if (!info.isFile()) return fail(404);
        response.writeHead(200, {
          ...isolationHeaders,
          'Content-Type': contentTypes[extname(path)] ?? 'application/octet-stream',
          'Content-Length': info.size,
        });
        createReadStream(path).pipe(response);
      },
      () => fail(404),
    );
  });
  await listen(server, port);
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
