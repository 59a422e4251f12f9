import { type RuntimeCheckpoint, parseRuntimeCheckpoint } from '@simstream/hub';
import { parseMessage } from '@simstream/protocol';
import * as v from 'valibot';
import type { RedisRuntimeStore, StoredCheckpoint } from './runtimeStore.js';

/** A checkpoint that passed every check: where it stands, and the runtime to restore. */
export interface UsableCheckpoint {
  /** Seq of the newest event it covers; the rebuilt stream goes on from the next. */
  seq: number;
  /** Id of the newest input it covers: the rebuild replays the inputs after it. */
  input: string;
  timestep: number;
  runtime: RuntimeCheckpoint;
}

const digits = v.pipe(v.string(), v.regex(/^\d+$/, 'must be a whole number'), v.transform(Number));
const entrySchema = v.object({
  seq: digits,
  input: v.pipe(v.string(), v.regex(/^\d+-\d+$/, 'must be a stream id')),
  timestep: digits,
  state: v.string(),
});

/** The checkpoint in `stored`, or why it cannot be used. */
function check(stored: StoredCheckpoint, headSeq: number): UsableCheckpoint | string {
  const entry = parseMessage(entrySchema, stored.fields, `checkpoint ${stored.id}`);
  if (!entry.ok) return entry.error.message;
  let raw: unknown;
  try {
    raw = JSON.parse(entry.value.state);
  } catch (error) {
    return `Checkpoint ${stored.id} is not JSON: ${(error as Error).message}`;
  }
  const runtime = parseRuntimeCheckpoint(raw);
  if (!runtime.ok) return `Checkpoint ${stored.id}: ${runtime.error.message}`;
  const { seq } = entry.value;
  if (runtime.value.seq !== seq || seq > headSeq) {
    return `Checkpoint ${stored.id} says seq ${seq}, its runtime ${runtime.value.seq}, the log ends at ${headSeq}.`;
  }
  return { ...entry.value, runtime: runtime.value };
}

/**
 * The checkpoints a takeover may start from, best first, and why the others may not. Best is
 * the newest that leaves at least `verified` logged events after it — the rebuilt stream is
 * compared with those, so a checkpoint that parses but restores the wrong state is caught —
 * then the rest, newest first. Each is checked with the schemas (entry, runtime checkpoint);
 * the engine state inside is checked when it is restored.
 *
 * @example
 * const { usable, problems } = await usableCheckpoints(store, 'sim-1', meta.seq, 64);
 */
export async function usableCheckpoints(
  store: RedisRuntimeStore,
  simulationId: string,
  headSeq: number,
  verified: number,
): Promise<{ usable: UsableCheckpoint[]; problems: string[] }> {
  const usable: UsableCheckpoint[] = [];
  const problems: string[] = [];
  for (const stored of await store.checkpoints(simulationId)) {
    const checked = check(stored, headSeq);
    if (typeof checked === 'string') problems.push(checked);
    else usable.push(checked);
  }
  const leavesEnough = (c: UsableCheckpoint) => c.seq <= headSeq - verified;
  return {
    usable: [...usable.filter(leavesEnough), ...usable.filter((c) => !leavesEnough(c))],
    problems,
  };
}
