/**
 * An outside reference: `jq -s length` over the NDJSON file (jq slurps every record, as a naive converter would),
 * timed from spawn to exit, with its peak RSS sampled from /proc. Skipped with a note when jq is not installed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface JqResult {
  ms: number;
  records: number;
  /** Last VmHWM read before jq exited (a lower bound of its true peak), null when /proc could not tell. */
  peakBytes: number | null;
}

/** The jq version string, or null when there is no jq on the PATH. */
export function jqVersion(): string | null {
  const probe = spawnSync('jq', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

function peakOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Runs `jq -s length <path>`, killing it after `timeoutMs`. */
export function runJqSlurp(path: string, timeoutMs: number): Promise<JqResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('jq', ['-s', 'length', path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakBytes: number | null = null;
    const sampler = setInterval(() => {
      peakBytes = peakOf(child.pid) ?? peakBytes;
    }, 20);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = performance.now() - started;
      clearInterval(sampler);
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`jq failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`));
      resolve({ ms, records: Number(stdout.trim()), peakBytes });
    });
  });
}
