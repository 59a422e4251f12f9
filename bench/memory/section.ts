/**
 * Memory per idle connection: our server against a bare `ws` server holding the same number
 * of idle, subscribed connections, in the same run (and plain Socket.IO, for what the library
 * alone costs; and our server's raw WebSocket endpoint, the seed's, which has no Socket.IO
 * under it). Each server runs alone in its own process; the clients sit in four other
 * processes. RSS and V8 heap are read in the server after GC, once every client is connected
 * and idle, against the same server before the first connection.
 */
import { type BenchRow, row } from '../lib/table.js';
import type { ServerKind } from '../fanout/fanout.js';
import { type Setup, setUp, tearDown } from '../fanout/setup.js';
import type { SectionContext } from '../lib/section.js';

const LIMIT_LABEL = 'bare ws';
/** Descriptors a server process needs beside its connections (listeners, IPC, files). */
const SPARE_DESCRIPTORS = 200;

/** How many connections the file limit allows, and a line saying so when it is the bound. */
export function connectionsWithin(requested: number, fileLimit: number): [number, string | null] {
  if (!Number.isFinite(fileLimit) || requested + SPARE_DESCRIPTORS <= fileLimit)
    return [requested, null];
  const allowed = fileLimit - SPARE_DESCRIPTORS;
  return [
    allowed,
    `  ulimit -n is ${fileLimit} and this machine cannot raise it (no CAP_SYS_RESOURCE): ${requested} connections lowered to ${allowed}`,
  ];
}

/** Measure one kind alone: connect, settle, read memory, tear down. */
async function measureAlone(
  kind: ServerKind,
  clients: number,
  ctx: SectionContext,
): Promise<Setup> {
  const setup = await setUp(kind, { clients, processes: 4, settleMs: 1_500, log: ctx.log });
  await tearDown(setup);
  ctx.log(
    `  ${kind}: ${(setup.rssPerConnection / 1024).toFixed(2)} KB RSS, ${(setup.heapPerConnection / 1024).toFixed(2)} KB heap per connection`,
  );
  return setup;
}

function memoryRows(
  n: number,
  { ours, bare, plain, raw }: Record<'ours' | 'bare' | 'plain' | 'raw', Setup>,
): BenchRow[] {
  const section = `memory ${n}`;
  const kb = (bytes: number) => bytes / 1024;
  return [
    row(
      {
        section,
        metric: 'server RSS per idle subscribed connection',
        unit: 'KB',
        ours: kb(ours.rssPerConnection),
        baselineLabel: LIMIT_LABEL,
        baseline: kb(bare.rssPerConnection),
      },
      { max: 1.5 },
    ),
    row({
      section,
      metric: 'server heap per idle subscribed connection',
      unit: 'KB',
      ours: kb(ours.heapPerConnection),
      baselineLabel: LIMIT_LABEL,
      baseline: kb(bare.heapPerConnection),
    }),
    row({
      section,
      metric: 'server RSS per idle connection, plain Socket.IO (no handlers)',
      unit: 'KB',
      ours: kb(plain.rssPerConnection),
      baselineLabel: LIMIT_LABEL,
      baseline: kb(bare.rssPerConnection),
    }),
    row({
      section,
      metric: 'server heap per idle connection, ours against plain Socket.IO',
      unit: 'KB',
      ours: kb(ours.heapPerConnection),
      baselineLabel: 'plain Socket.IO',
      baseline: kb(plain.heapPerConnection),
    }),
    row(
      {
        section,
        metric: 'server RSS per idle viewer of the raw WebSocket endpoint',
        unit: 'KB',
        ours: kb(raw.rssPerConnection),
        baselineLabel: LIMIT_LABEL,
        baseline: kb(bare.rssPerConnection),
      },
      { max: 1.5 },
    ),
    row({
      section,
      metric: 'server heap per idle viewer of the raw WebSocket endpoint',
      unit: 'KB',
      ours: kb(raw.heapPerConnection),
      baselineLabel: LIMIT_LABEL,
      baseline: kb(bare.heapPerConnection),
    }),
  ];
}

/**
 * Memory per idle subscribed connection at 1,000, 5,000 and 10,000 connections (`--quick`:
 * 400, where RSS is mostly noise: it keeps the harness alive), ours (compact steps, the kit's
 * subscribe) and ours' raw WebSocket endpoint against bare `ws` and plain Socket.IO.
 */
export const memorySection = {
  name: 'memory',
  async run(ctx: SectionContext): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    for (const requested of ctx.quick ? [400] : [1_000, 5_000, 10_000]) {
      const [n, note] = connectionsWithin(requested, ctx.fileLimit);
      if (note) ctx.log(note);
      // One server at a time, so none of them shares the machine with another server's GC.
      const bare = await measureAlone('bare', n, ctx);
      const plain = await measureAlone('socketio-event', n, ctx);
      const ours = await measureAlone('simstream', n, ctx);
      const raw = await measureAlone('simstream-raw', n, ctx);
      rows.push(...memoryRows(n, { ours, bare, plain, raw }));
    }
    return rows;
  },
};
