/**
 * Where a server's memory per idle connection goes: start one server kind of the fan-out
 * bench, connect two waves of idle clients (two client processes), write a V8 heap snapshot
 * after GC before and after the second wave, and print what is new in the second snapshot per
 * connection, grouped by type and constructor (self sizes). Not part of `npm run bench`: a
 * tool for finding what to cut (BENCHMARKS.md, memory details).
 *
 * @example
 * // node --conditions=@simstream/source --import tsx bench/memory/heapDiff.ts simstream 1000
 * // prints e.g. "13246 B per connection in 158 objects", then the top groups:
 * //     816 B   2.00/conn  synthetic:Node / TCPSocketWrap
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerKind } from '../fanout/fanout.js';
import type { ClientReply, ClientRequest, ServerReply, ServerRequest } from '../fanout/messages.js';
import { Child } from '../lib/child.js';

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** New objects of `after` (ids not in `before`), grouped by `type:name`, sizes in bytes. */
export function diffSnapshots(
  before: HeapSnapshot,
  after: HeapSnapshot,
): Map<string, { count: number; bytes: number }> {
  const fields = after.snapshot.meta.node_fields;
  const width = fields.length;
  const [iType, iName, iId, iSize] = ['type', 'name', 'id', 'self_size'].map((f) =>
    fields.indexOf(f),
  ) as [number, number, number, number];
  const known = new Set<number>();
  for (let i = 0; i < before.nodes.length; i += width) known.add(before.nodes[i + iId] as number);
  const types = after.snapshot.meta.node_types[0];
  const groups = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < after.nodes.length; i += width) {
    if (known.has(after.nodes[i + iId] as number)) continue;
    const type = types[after.nodes[i + iType] as number] ?? '?';
    // A string's "name" is its text: group strings by type only.
    const name = type.includes('string')
      ? ''
      : (after.strings[after.nodes[i + iName] as number] ?? '');
    const key = `${type}:${name.slice(0, 60)}`;
    const group = groups.get(key) ?? { count: 0, bytes: 0 };
    group.count++;
    group.bytes += after.nodes[i + iSize] as number;
    groups.set(key, group);
  }
  return groups;
}

async function main(kind: ServerKind, connections: number): Promise<void> {
  const url = (file: string) => new URL(`../fanout/${file}`, import.meta.url);
  const { child: server, ready } = await Child.start<ServerRequest, ServerReply>(
    url('serverChild.ts'),
    [kind],
  );
  if (ready.cmd !== 'ready') throw new Error('server child did not start');
  const clients: Array<Child<ClientRequest, ClientReply>> = [];
  for (let i = 0; i < 2; i++) {
    const args = [kind, ready.url, String(connections / 2), ready.simulationId];
    clients.push(
      (await Child.start<ClientRequest, ClientReply>(url('clientChild.ts'), args)).child,
    );
  }
  const paths = ['before', 'after'].map((n) =>
    join(tmpdir(), `heapDiff-${process.pid}-${n}.heapsnapshot`),
  );
  const counts: number[] = [];
  for (const [i, client] of clients.entries()) {
    await client.request({ cmd: 'connect' });
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // handshake garbage settles
    counts.push((await server.request({ cmd: 'memory' })).connections);
    await server.request({ cmd: 'heapSnapshot', path: paths[i] as string });
  }
  await Promise.all(clients.map((c) => c.stop({ cmd: 'exit' })));
  await server.stop({ cmd: 'exit' });
  const [before, after] = paths.map((p) => JSON.parse(readFileSync(p, 'utf8')) as HeapSnapshot);
  for (const p of paths) rmSync(p, { force: true });
  const grown = Math.max(1, (counts[1] ?? 0) - (counts[0] ?? 0));
  const groups = [...diffSnapshots(before!, after!)].sort((a, b) => b[1].bytes - a[1].bytes);
  const total = groups.reduce((sum, [, g]) => sum + g.bytes, 0);
  const objects = groups.reduce((sum, [, g]) => sum + g.count, 0);
  console.log(
    `${kind}: ${grown} connections; ${(total / grown).toFixed(0)} B per connection in ${(objects / grown).toFixed(0)} objects`,
  );
  for (const [key, g] of groups.slice(0, 40))
    console.log(
      `${(g.bytes / grown).toFixed(0).padStart(7)} B ${(g.count / grown).toFixed(2).padStart(7)}/conn  ${key}`,
    );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [kind = 'simstream', connections = '1000'] = process.argv.slice(2);
  await main(kind as ServerKind, Number(connections));
}
