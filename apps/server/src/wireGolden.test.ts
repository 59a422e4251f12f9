/**
 * The wire, byte for byte: the demo simulation on a manual clock, watched by Socket.IO
 * subscribers (full and delta steps, live and replayed), a raw WebSocket viewer and REST, with
 * a decision answered, a shock applied and a reset on the way. Each frame's exact JSON is
 * hashed and compared with `wireGolden.golden.json`, recorded before the server core was
 * split out of the server and the mock — so any change of bytes on the wire fails here.
 *
 * Re-record only for an intended wire change: `UPDATE_WIRE_GOLDEN=1 npx vitest run --project
 * node apps/server/src/wireGolden.test.ts`, and say why in the commit.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createManualClock } from '@simstream/hub';
import type { EventBatch } from '@simstream/protocol';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type ClientSocket, useTestServer, waitFor } from './serverTestkit.js';

const GOLDEN = new URL('./wireGolden.golden.json', import.meta.url);
const EVENTS = 200;

const t = useTestServer(null);

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** One line per frame: what it is and the hash of its exact JSON. */
type Line = string;

function frameLine(batch: EventBatch): Line {
  const kinds = batch.events.map((e) => `${e.seq}:${e.type}`).join(',');
  return `${batch.fromSeq}-${batch.toSeq} [${kinds}] ${digest(JSON.stringify(batch))}`;
}

/** Acks carry the random epoch of this server life: the rest of them must match. */
function ackLine(what: string, ack: unknown): Line {
  const text = JSON.stringify(ack).replace(/"epoch":"[0-9a-f]{32}"/g, '"epoch":"<epoch>"');
  return `${what} ${text}`;
}

function subscriber(socket: ClientSocket): Line[] {
  const lines: Line[] = [];
  socket.on('events', (batch) => lines.push(frameLine(batch)));
  socket.on('notice', (notice) => lines.push(`notice ${JSON.stringify(notice)}`));
  return lines;
}

async function rest(method: string, path: string, body?: unknown): Promise<Line> {
  const response = await fetch(`${t.url}/api/v1${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await response.text();
  const redacted = text.replace(/"epoch":"[0-9a-f]{32}"/g, '"epoch":"<epoch>"');
  return `${method} ${path} ${response.status} ${digest(redacted)}`;
}

async function record(): Promise<Record<string, Line[]>> {
  const clock = createManualClock(Date.parse('2025-01-01T00:00:00.000Z'));
  await t.start({ DEMO_SIMULATION: 'on' }, { hub: { clock } });
  const demo = t.server.hub.get(t.server.demoSimulationId!)!;
  const full = await t.connect({ auth: { viewerId: 'golden-full' } });
  const delta = await t.connect({ auth: { viewerId: 'golden-delta' } });
  const fullLines = subscriber(full);
  const deltaLines = subscriber(delta);
  const acks: Line[] = [];
  acks.push(
    ackLine(
      'subscribe full',
      await full.emitWithAck('subscribe', { simulationId: demo.id, sinceSeq: 0 }),
    ),
  );
  acks.push(
    ackLine(
      'subscribe delta',
      await delta.emitWithAck('subscribe', { simulationId: demo.id, sinceSeq: 0, steps: 'delta' }),
    ),
  );
  const rawTexts: string[] = [];
  const raw = new WebSocket(`${t.wsUrl}/api/v1/ws/simulation/${demo.id}`);
  t.track(raw);
  raw.on('message', (data) => rawTexts.push(String(data)));
  await new Promise((resolve) => raw.once('open', resolve));

  const caughtUp = () => waitFor(() => rawTexts.length === demo.seq, 5_000, 'raw viewer caught up');
  let answered = false;
  let shocked = false;
  let reset = false;
  while (demo.seq < EVENTS) {
    clock.advance(demo.settings.stepIntervalMs);
    await Promise.resolve();
    await caughtUp();
    const pending = demo.decisions().find((d) => d.status === 'pending');
    if (!answered && pending) {
      answered = true;
      const answer = {
        simulationId: demo.id,
        decisionId: pending.decision_id,
        choice: 'alternative' as const,
      };
      acks.push(
        ackLine(
          'answer',
          await full.emitWithAck('decision:answer', { ...answer, idempotencyKey: 'k-1' }),
        ),
      );
      acks.push(
        ackLine(
          'answer again',
          await delta.emitWithAck('decision:answer', { ...answer, idempotencyKey: 'k-2' }),
        ),
      );
    } else if (!shocked && demo.seq > 60) {
      shocked = true;
      acks.push(
        await rest('POST', `/simulations/${demo.id}/shocks`, {
          shock_type: 'asset_price_crash',
          target: 'real_estate',
          magnitude: -0.3,
        }),
      );
    } else if (!reset && demo.seq > 140) {
      reset = true;
      acks.push(await rest('POST', `/simulations/${demo.id}/reset`));
    }
    await caughtUp();
  }
  const late = await t.connect({ auth: { viewerId: 'golden-late' } });
  const lateLines = subscriber(late);
  acks.push(
    ackLine(
      'subscribe late',
      await late.emitWithAck('subscribe', { simulationId: demo.id, sinceSeq: 0, steps: 'delta' }),
    ),
  );
  await waitFor(() => fullLines.length > 0 && deltaLines.length === fullLines.length);
  acks.push(await rest('GET', `/simulations/${demo.id}/snapshot`));
  acks.push(await rest('GET', `/simulations/${demo.id}/events?since=0&limit=500`));
  acks.push(await rest('GET', `/simulations/${demo.id}/decisions`));
  acks.push(await rest('GET', `/simulations/${demo.id}/entities/BANK_001`));
  return {
    acks,
    full: fullLines,
    delta: deltaLines,
    lateReplay: lateLines,
    raw: rawTexts.map((text) => {
      const { type } = JSON.parse(text) as { type: string };
      return `${type} ${digest(text)}`;
    }),
  };
}

describe('the wire', () => {
  it("carries the demo's first 200 events byte for byte as recorded", async () => {
    const recorded = await record();
    expect(recorded.raw?.length).toBeGreaterThanOrEqual(EVENTS);
    if (process.env.UPDATE_WIRE_GOLDEN === '1') {
      writeFileSync(GOLDEN, `${JSON.stringify(recorded, null, 1)}\n`);
    }
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, Line[]>;
    for (const stream of Object.keys(golden))
      expect(recorded[stream], stream).toEqual(golden[stream]);
    expect(Object.keys(recorded)).toEqual(Object.keys(golden));
  }, 60_000);
});
