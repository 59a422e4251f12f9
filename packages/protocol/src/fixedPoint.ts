import { decode as vlqDecode } from 'vlq';

/**
 * What the compact encodings (steps and keyframes) share: the engine's fixed-point scales,
 * exactness checks, and a JSON-equality test for the self-check every encoding ends with.
 */

/** Fixed-point scale of money (2 decimals) and ratios (4 decimals), as the engine rounds them. */
export const MONEY = 100;
export const RATIO = 10_000;
/** Values beyond ±2^30 do not fit base64 VLQ's 32-bit integers: such cells go literally. */
export const VLQ_LIMIT = 2 ** 30;

/**
 * The nearest fixed-point integer of `v` at `scale`.
 *
 * @example
 * fixed(289.05, MONEY); // 28905
 */
export const fixed = (v: number, scale: number): number => Math.round(v * scale);

/**
 * The fixed-point integer of `v`, or null when `v` is not exactly that integer over `scale`
 * (or does not fit VLQ): such a value has to travel as itself.
 *
 * @example
 * exactFixed(0.1281, RATIO); // 1281 — exactFixed(1 / 3, MONEY); // null
 */
export function exactFixed(v: number, scale: number): number | null {
  const k = fixed(v, scale);
  return k / scale === v && !Object.is(v, -0) && Math.abs(k) < VLQ_LIMIT ? k : null;
}

/**
 * Whether `JSON.stringify` writes `a` and `b` alike: same keys in the same order, same values.
 * Strict where JSON is lenient (an `undefined` member counts), so a "no" only costs a full step.
 *
 * @example
 * sameJson({ a: 1, b: 2 }, { b: 2, a: 1 }); // false: JSON would differ in key order
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const key = ka[i]!;
    if (
      key !== kb[i] ||
      !sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])
    )
      return false;
  }
  return true;
}

/**
 * The `count` integers of a VLQ column ('' = all zero), or a `RangeError` naming the column
 * when the text holds another number of them (the data does not fit: refetch the snapshot).
 *
 * @example
 * decodeColumn('AC', 2, 'equity', 43); // [0, 1]
 */
export function decodeColumn(
  text: string,
  count: number,
  name: string,
  timestep: number,
): number[] {
  if (text === '') return new Array<number>(count).fill(0);
  const values = vlqDecode(text);
  if (values.length !== count) {
    throw new RangeError(
      `Compact step ${timestep} has ${values.length} values in column ${name} for ${count} entities; refetch the snapshot.`,
    );
  }
  return values;
}

/**
 * A 53-bit fingerprint of a text (cyrb53, public domain, by bryc), in base 36: how a compact
 * keyframe names the parts it leaves out because the receiver's snapshot already holds them
 * (entity ids and names, the exposure network). The decoder compares it with its own
 * snapshot's and refuses (refetch) on a mismatch, so a stale or foreign base is never used.
 *
 * @example
 * fingerprint('["BANK_001","bank","Atlas Bank"]'); // e.g. '2k1x9q0f7zc'
 */
export function fingerprint(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
