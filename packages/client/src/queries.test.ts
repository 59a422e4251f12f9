import { QueryClient, QueryObserver } from '@tanstack/query-core';
import type { EventsResponse } from '@simstream/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectQueryCache } from './cacheBridge.js';
import type { FeedEvent } from './feed.js';
import { simulationQueries, tailHole } from './queries.js';
import { simulationKeys } from './queryKeys.js';
import { snapshotAt, stepEvent } from './testing/fixtures.js';
import { setup } from './testing/harness.js';
import { hubServer } from './testing/hubServer.js';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

const seqs = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * A client live on `sim` whose snapshot base is seq 15 (15 events came before it), with 5
 * more live events (16–20) in its caches. `lagging()` says how many of the next REST event
 * pages come from a node 10 seqs behind the log — one that could not catch up in time and
 * answers with what it has (a fake server answer; everything else is the real core).
 */
async function liveAfterFifteen() {
  const server = hubServer();
  server.createSimulation('sim', snapshotAt('sim', 0));
  for (let t = 1; t <= 15; t++) server.publish('sim', [stepEvent('sim', t)]);
  let lagging = 0;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const response = await server.fetch(input, init);
    const url = input instanceof Request ? input.url : String(input);
    if (!url.includes('/events') || lagging <= 0) return response;
    lagging--;
    const body = (await response.json()) as EventsResponse;
    const behind = body.currentSeq - 10;
    const events = body.events.filter((event) => event.seq <= behind);
    return Response.json({ ...body, currentSeq: behind, events } satisfies EventsResponse);
  };
  const { client } = setup({ fetch }, server);
  const queryClient = new QueryClient();
  let flush: (() => void) | null = null;
  connectQueryCache(client, queryClient, 'sim', {
    scheduler: (run) => {
      flush = run;
      return () => {
        flush = null;
      };
    },
  });
  const queries = simulationQueries(client, queryClient, 'sim');
  new QueryObserver(queryClient, queries.events()).subscribe(() => {});
  await vi.advanceTimersByTimeAsync(0);
  for (let t = 16; t <= 20; t++) server.publish('sim', [stepEvent('sim', t)]);
  (flush as (() => void) | null)?.();
  await vi.advanceTimersByTimeAsync(0);
  const events = () =>
    (queryClient.getQueryData<FeedEvent[]>(simulationKeys.events('sim')) ?? []).map((e) => e.seq);
  expect(events()).toEqual(seqs(1, 20));
  return {
    queryClient,
    queries,
    events,
    lagNext: (pages: number) => {
      lagging = pages;
    },
  };
}

describe('the events query against a node behind the log', () => {
  it('asks again when a page ends short of what the client holds, and caches no hole', async () => {
    const { queryClient, events, lagNext } = await liveAfterFifteen();
    lagNext(1);
    const refetched = queryClient.refetchQueries({ queryKey: simulationKeys.events('sim') });
    await vi.advanceTimersByTimeAsync(5_000);
    await refetched;
    // Applied as it came, the page (1–10) and the live events (16–20) would miss 11–15.
    expect(events()).toEqual(seqs(1, 20));
  });

  it('fails the query, naming the hole, when the node stays behind — never caching it', async () => {
    const { queries, events, lagNext } = await liveAfterFifteen();
    lagNext(Number.POSITIVE_INFINITY);
    const fetched = queries.events().queryFn();
    const failed = expect(fetched).rejects.toThrow(
      'The server\'s events of "sim" have a hole: the page ends at seq 10, before seq 20 the client holds.',
    );
    await vi.advanceTimersByTimeAsync(5_000);
    await failed;
    expect(events()).toEqual(seqs(1, 20));
  });
});

describe('tailHole', () => {
  it('accepts a page that goes on from `since` without a jump and reaches what is held', () => {
    expect(tailHole([{ seq: 11 }, { seq: 12 }], 10, 12)).toBeNull();
    expect(tailHole([], 12, 12)).toBeNull();
  });

  it('names a late start, a jump and a short end', () => {
    expect(tailHole([{ seq: 12 }], 10, 12)).toBe('seq 11 is missing (the page starts at 12)');
    expect(tailHole([{ seq: 11 }, { seq: 13 }], 10, 13)).toBe(
      'seq 12 is missing (the page goes on at 13)',
    );
    expect(tailHole([{ seq: 11 }], 10, 12)).toBe(
      'the page ends at seq 11, before seq 12 the client holds',
    );
  });
});
