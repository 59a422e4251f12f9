/**
 * Bytes per step on the wire: what one subscriber of the default simulation receives per
 * step (the tick's `events` frame) as full snapshots, deltas or compact steps, JSON or
 * MessagePack, with and without per-message deflate — next to a client polling the REST
 * snapshot once a step, and the information limit: the whole recorded stream under the
 * strongest compressors at once. Measured in process on the real hub and the real Socket.IO
 * encoders.
 */
import { type DeflateRaw, constants, createDeflateRaw, deflateRawSync } from 'node:zlib';
import { type SubscriberView, createHub, createManualClock } from '@simstream/hub';
import {
  type Envelope,
  type EventBatch,
  PROTOCOL_VERSION,
  type StepEncoding,
} from '@simstream/protocol';
import * as msgpackParser from 'socket.io-msgpack-parser';
import { Encoder as JsonEncoder } from 'socket.io-parser';
import { compressedSizes } from '../lib/compressors.js';

export interface BytesResult {
  steps: number;
  /** Mean bytes of one REST snapshot body (`GET /api/v1/simulations/:id/snapshot`). */
  polling: number;
  /** Per compressor, the whole recorded stream (full JSON frames) compressed at once, per step. */
  limits: Record<string, number>;
  /** Mean bytes per step for each encoding, e.g. `delta json+deflate`. */
  perStep: Record<string, number>;
  /** Mean bytes of a compact JSON frame of a step between keyframes (residuals). */
  compactBetweenKeyframes: number;
  /** Mean bytes of a compact JSON frame holding a keyframe (the whole snapshot in columns). */
  compactKeyframe: number;
  /** Mean bytes of a full JSON frame of the same keyframe steps. */
  fullKeyframe: number;
}

const SOCKET_IO_EVENT = 2;

function frameBytes(batch: EventBatch): { json: Buffer; msgpack: Buffer } {
  const packet = { type: SOCKET_IO_EVENT, nsp: '/', data: ['events', batch] };
  const [jsonText] = new JsonEncoder().encode(packet) as [string];
  // Engine.io prefixes a message packet with "4" on the WebSocket text frame.
  const json = Buffer.from(`4${jsonText}`);
  const [packed] = new msgpackParser.Encoder().encode(packet) as unknown as [Uint8Array];
  return { json, msgpack: Buffer.from(packed) };
}

/**
 * A permessage-deflate stream with context takeover (what `ws` does by default): each
 * message is flushed with Z_SYNC_FLUSH and counted without the 4-byte tail it strips.
 */
function contextDeflater(): (message: Buffer) => Promise<number> {
  const stream: DeflateRaw = createDeflateRaw();
  let bytes = 0;
  stream.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  return (message) =>
    new Promise((resolve) => {
      bytes = 0;
      stream.write(message);
      stream.flush(constants.Z_SYNC_FLUSH, () => resolve(Math.max(0, bytes - 4)));
    });
}

/**
 * Step the default simulation `steps` times and average the bytes per step.
 *
 * @example
 * const result = await measureBytes(200);
 */
export async function measureBytes(
  steps: number,
  log: (line: string) => void,
): Promise<BytesResult> {
  const hub = createHub({ clock: createManualClock(), logCapacity: steps * 4 + 1_000 });
  const created = hub.create({ id: 'bench-bytes', autoStart: false });
  if (!created.ok) throw new Error(created.error.message);
  const runtime = created.value;
  const views: Record<StepEncoding, SubscriberView> = {
    full: { types: null, steps: 'full' },
    delta: { types: null, steps: 'delta' },
    compact: { types: null, steps: 'compact' },
  };
  const totals: Record<string, number> = {};
  const add = (key: string, n: number) => {
    totals[key] = (totals[key] ?? 0) + n;
  };
  const deflaters = {
    full: contextDeflater(),
    delta: contextDeflater(),
    compact: contextDeflater(),
  };
  const recording: Buffer[] = [];
  const between = { bytes: 0, frames: 0 };
  const keyframes = { bytes: 0, full: 0, frames: 0 };
  let polling = 0;
  for (let i = 0; i < steps; i++) {
    const events: readonly Envelope[] = runtime.stepNow();
    if (events.length === 0) continue;
    for (const [name, view] of Object.entries(views)) {
      const viewed = runtime.viewFor(events, view);
      const batch: EventBatch = {
        v: PROTOCOL_VERSION,
        simulationId: runtime.id,
        fromSeq: events[0]!.seq,
        toSeq: events[events.length - 1]!.seq,
        events: viewed,
      };
      const { json, msgpack } = frameBytes(batch);
      add(`${name} json`, json.length);
      add(`${name} msgpack`, msgpack.length);
      // Each frame deflated on its own (no context takeover): the pessimistic case.
      add(`${name} json+deflate`, deflateRawSync(json).length);
      add(`${name} msgpack+deflate`, deflateRawSync(msgpack).length);
      add(`${name} json+deflate ctx`, await deflaters[name as StepEncoding](json));
      if (name === 'full') recording.push(json);
      const compact = viewed.find((e) => e.type === 'simulation_compact');
      if (compact && 'keyframe' in compact.data) {
        keyframes.bytes += json.length;
        keyframes.frames += 1;
        keyframes.full += frameBytes({ ...batch, events: [...events] }).json.length;
      } else if (compact) {
        between.bytes += json.length;
        between.frames += 1;
      }
    }
    polling += Buffer.byteLength(JSON.stringify(runtime.snapshot()));
  }
  const perStep: Record<string, number> = {};
  for (const [key, total] of Object.entries(totals)) perStep[key] = total / steps;
  hub.dispose();
  const limits: Record<string, number> = {};
  for (const [tool, size] of Object.entries(compressedSizes(Buffer.concat(recording), log))) {
    limits[tool] = size / steps;
  }
  return {
    steps,
    polling: polling / steps,
    perStep,
    compactBetweenKeyframes: between.bytes / Math.max(1, between.frames),
    compactKeyframe: keyframes.bytes / Math.max(1, keyframes.frames),
    fullKeyframe: keyframes.full / Math.max(1, keyframes.frames),
    limits,
  };
}
