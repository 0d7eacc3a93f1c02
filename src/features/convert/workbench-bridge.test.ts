import { expose } from 'comlink';
import { describe, expect, it } from 'vitest';
import { createWorkbench } from '../../core/workbench/engine';
import { defaultWorkbenchOptions, type WorkbenchProgress } from '../../core/workbench/contract';
import { connectWorkbench, type WorkerLike } from './workbench-bridge';

/** The engine behind a MessageChannel, standing in for the worker (Node has no Web Worker). */
function channelWorker(): { worker: WorkerLike; terminated: () => boolean } {
  const { port1, port2 } = new MessageChannel();
  expose(createWorkbench(), port2);
  let terminated = false;
  const worker = Object.assign(port1, {
    terminate: () => {
      terminated = true;
      port1.close();
      port2.close();
    },
  });
  return { worker: worker as unknown as WorkerLike, terminated: () => terminated };
}

const users = (count: number): Blob =>
  new Blob(['{"email":"a@example.com","name":"padding padding padding padding"}\n'.repeat(count)]);

describe('workbench bridge', () => {
  it('runs the engine across the channel, forwarding progress, findings and downloads', async () => {
    const fake = channelWorker();
    const bridge = connectWorkbench(() => fake.worker);
    const progress: WorkbenchProgress[] = [];
    const summary = await bridge.api.run(
      [{ name: 'u.ndjson', blob: new Blob(['{"name":"x"}\n']) }],
      defaultWorkbenchOptions,
      (p) => progress.push(p),
    );
    expect(summary.counts).toMatchObject({ total: 1, invalid: 1 });
    await expect.poll(() => progress.length).toBeGreaterThan(0);
    expect((await bridge.api.findings({ offset: 0, limit: 10 })).rows[0].code).toBe('email.required');
    const downloads = await bridge.api.downloads(['error-report-json']);
    expect(JSON.parse(await downloads[0].blob.text()).findings).toHaveLength(1);
    bridge.close();
    expect(fake.terminated()).toBe(true);
  });

  it('turns an abort into a cancel: the run resolves with what was read, marked cancelled', async () => {
    const fake = channelWorker();
    const bridge = connectWorkbench(() => fake.worker);
    const controller = new AbortController();
    const running = bridge.api.run(
      [{ name: 'u.ndjson', blob: users(300_000) }],
      defaultWorkbenchOptions,
      () => controller.abort(),
      controller.signal,
    );
    const summary = await running;
    expect(summary.files[0].cancelled).toBe(true);
    expect(summary.counts.total).toBeLessThan(300_000);
    // The worker stopped by itself (it was not terminated) and still answers about the partial run.
    expect(fake.terminated()).toBe(false);
    const page = await bridge.api.findings({ offset: 0, limit: 1 });
    expect(page.total).toBeGreaterThan(0);
    bridge.close();
  });

  it('rejects at once when the signal was already aborted', async () => {
    const bridge = connectWorkbench(() => channelWorker().worker);
    const signal = AbortSignal.abort();
    await expect(bridge.api.run([], defaultWorkbenchOptions, () => undefined, signal)).rejects.toMatchObject({
      name: 'AbortError',
    });
    bridge.close();
  });

  it('rejects pending and later calls once closed', async () => {
    const fake = channelWorker();
    const bridge = connectWorkbench(() => fake.worker);
    const running = bridge.api.run(
      [{ name: 'u.ndjson', blob: users(300_000) }],
      defaultWorkbenchOptions,
      () => undefined,
    );
    bridge.close();
    await expect(running).rejects.toThrow('closed');
    await expect(bridge.api.findings({ offset: 0, limit: 1 })).rejects.toThrow('closed');
  });
});
