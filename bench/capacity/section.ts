/**
 * Capacity: how many idle subscribed connections one server process holds on this machine
 * before the p99 delivery latency of a simulation stepping once a second passes 250 ms —
 * ours against the bare `ws` limit (same per-tick frames), found the same way in the same
 * run. Connections are added in steps (new client processes joining the same server); at
 * each level the server steps at 1 step/s for a few seconds and every client records when
 * each event arrived.
 */
import { Child } from '../lib/child.js';
import { type BenchRow, row } from '../lib/table.js';
import type { ServerKind } from '../fanout/fanout.js';
import type { ClientReply, ClientRequest, ServerReply, ServerRequest } from '../fanout/messages.js';
import { type Setup, oneRun, tearDown } from '../fanout/setup.js';
import { connectionsWithin } from '../memory/section.js';
import type { SectionContext } from '../lib/section.js';

/** The latency budget of the search, and the rate it is measured at. */
const P99_BUDGET_MS = 250;
const STEPS_PER_SEC = 1;
/** Most connections one client process opens (its own file limit, its own event loop). */
const PER_CLIENT_PROCESS = 2_500;

interface Level {
  connections: number;
  p99: number;
  delivered: number;
}

/** Add client processes to `setup` until it holds `target` connections. */
async function grow(setup: Setup, url: string, simulationId: string, target: number) {
  while (setup.connected < target) {
    const n = Math.min(PER_CLIENT_PROCESS, target - setup.connected);
    const { child } = await Child.start<ClientRequest, ClientReply>(
      new URL('../fanout/clientChild.ts', import.meta.url),
      [setup.kind, url, String(n), simulationId],
    );
    setup.clients.push(child);
    const reply = await child.request({ cmd: 'connect' });
    setup.connected += reply.connected;
    setup.failed += reply.failed;
    if (reply.connected === 0) throw new Error(`${setup.kind}: no connection succeeded`);
  }
}

/** Step through `levels` on one server of `kind` until a level misses the budget. */
async function search(kind: ServerKind, levels: number[], ctx: SectionContext, runMs: number) {
  const { child: server, ready } = await Child.start<ServerRequest, ServerReply>(
    new URL('../fanout/serverChild.ts', import.meta.url),
    [kind],
  );
  if (ready.cmd !== 'ready') throw new Error('server child did not start');
  const setup: Setup = {
    kind,
    server,
    clients: [],
    connected: 0,
    failed: 0,
    connectMs: 0,
    rssPerConnection: 0,
    heapPerConnection: 0,
  };
  const passed: Level[] = [];
  let missed: Level | null = null;
  try {
    for (const target of levels) {
      await grow(setup, ready.url, ready.simulationId, target);
      const run = await oneRun(setup, STEPS_PER_SEC, runMs, true);
      const level = {
        connections: setup.connected,
        p99: run.histogram?.quantile(0.99) ?? Number.NaN,
        delivered: run.received / Math.max(1, run.expected),
      };
      ctx.log(
        `  ${kind} ${level.connections}: p99 ${level.p99.toFixed(1)} ms, delivered ${(100 * level.delivered).toFixed(1)} %`,
      );
      if (level.p99 > P99_BUDGET_MS || level.delivered < 0.999) {
        missed = level;
        break;
      }
      passed.push(level);
    }
  } finally {
    await tearDown(setup);
  }
  return { passed, missed };
}

function levelsFor(ctx: SectionContext): { levels: number[]; note: string | null } {
  const wanted = ctx.quick ? [100, 200] : [1_000, 2_000, 4_000, 8_000, 12_000, 16_000, 20_000];
  const top = wanted[wanted.length - 1]!;
  const [allowed, note] = connectionsWithin(top, ctx.fileLimit);
  const levels = wanted.filter((n) => n < allowed);
  if (allowed < top) levels.push(allowed);
  return { levels, note };
}

/**
 * Idle connections per server process before p99 delivery latency at 1 step/s passes 250 ms,
 * ours against the bare `ws` limit; `--quick`: 100 and 200 connections only.
 */
export const capacitySection = {
  name: 'capacity',
  async run(ctx: SectionContext): Promise<BenchRow[]> {
    const { levels, note } = levelsFor(ctx);
    if (note) ctx.log(note);
    const runMs = ctx.quick ? 3_000 : 8_000;
    const bare = await search('bare', levels, ctx, runMs);
    const ours = await search('simstream', levels, ctx, runMs);
    const held = (r: typeof ours) => r.passed.at(-1)?.connections ?? 0;
    // A search that never missed stopped at the top level: the figure is a lower bound.
    const bound = (r: typeof ours) => (r.missed ? '' : ' (every level passed: at least)');
    const section = 'capacity';
    return [
      row(
        {
          section,
          metric: `idle connections with p99 ≤ ${P99_BUDGET_MS} ms at ${STEPS_PER_SEC} step/s${bound(ours)}`,
          unit: 'conns',
          ours: held(ours),
          baselineLabel: `bare ws${bound(bare)}`,
          baseline: held(bare),
        },
        {},
      ),
      ...[ours, bare].flatMap((r, i) =>
        r.passed.length > 0
          ? [
              row({
                section,
                metric: `p99 at the highest level held (${i === 0 ? 'ours' : 'bare ws'}, ${r.passed.at(-1)!.connections})`,
                unit: 'ms',
                ours: r.passed.at(-1)!.p99,
                baselineLabel: 'budget',
                baseline: P99_BUDGET_MS,
              }),
            ]
          : [],
      ),
    ];
  },
};
