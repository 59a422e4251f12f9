import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRestClient } from './rest.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A `fetch` that never answers (a keep-alive connection that died silently), until aborted. */
function hungFetch() {
  const signals: AbortSignal[] = [];
  const fetch: typeof globalThis.fetch = (_input, init) =>
    new Promise((_resolve, reject) => {
      const signal = init?.signal;
      if (signal) signals.push(signal);
      signal?.addEventListener('abort', () => reject(signal.reason));
    });
  return { fetch, signals };
}

describe('REST deadlines', () => {
  it('abandons a request that gets no answer after the client timeout, aborting its fetch', async () => {
    const hung = hungFetch();
    const rest = createRestClient({
      baseUrl: 'http://x.test',
      fetch: hung.fetch,
      timeoutMs: 2_000,
    });
    const call = rest.fetchSnapshot('sim');
    const outcome = expect(call).rejects.toMatchObject({ code: 'timeout', status: 0 });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(hung.signals[0]?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await outcome;
    expect(hung.signals[0]?.aborted).toBe(true);
    await expect(call).rejects.toThrow('did not answer within 2 s');
  });

  it('a call’s own timeoutMs overrides the client’s', async () => {
    const rest = createRestClient({ baseUrl: 'http://x.test', fetch: hungFetch().fetch });
    const call = rest.listSimulations({ timeoutMs: 50 });
    const outcome = expect(call).rejects.toMatchObject({ code: 'timeout' });
    await vi.advanceTimersByTimeAsync(50);
    await outcome;
  });

  it('a body that stalls after the headers counts against the same deadline', async () => {
    const stalledBody: typeof fetch = async (_input, init) =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"seq":'));
            init?.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
          },
        }),
        { status: 200 },
      );
    const rest = createRestClient({
      baseUrl: 'http://x.test',
      fetch: stalledBody,
      timeoutMs: 1_000,
    });
    const call = rest.fetchSnapshot('sim');
    const outcome = expect(call).rejects.toMatchObject({ code: 'timeout' });
    await vi.advanceTimersByTimeAsync(1_000);
    await outcome;
  });

  it('the caller’s signal cancels the call at once', async () => {
    const hung = hungFetch();
    const rest = createRestClient({ baseUrl: 'http://x.test', fetch: hung.fetch });
    const controller = new AbortController();
    const call = rest.fetchDecisions('sim', { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'aborted' });
    expect(hung.signals[0]?.aborted).toBe(true);
  });

  it('an answer in time clears the timer: nothing fires later', async () => {
    const rest = createRestClient({
      baseUrl: 'http://x.test',
      fetch: async () => Response.json([]),
      timeoutMs: 1_000,
    });
    await expect(rest.listSimulations()).resolves.toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
