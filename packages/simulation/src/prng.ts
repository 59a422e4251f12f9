/**
 * A small seeded pseudo-random generator (mulberry32). The engine draws every random number
 * from one of these so that the same seed gives the same stream in Node and in the browser;
 * `Math.random` is never used.
 */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box–Muller; always consumes exactly two uniforms, so draw counts stay fixed). */
  normal(): number;
  /**
   * The generator's position: `createPrng(rng.state())` continues exactly where `rng` stands
   * (an engine checkpoint keeps it).
   */
  state(): number;
}

/**
 * Create a mulberry32 generator from a 32-bit seed.
 *
 * @example
 * const rng = createPrng(42);
 * rng.next(); // 0.6011037519201636 — the same on every machine
 */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    // 1 - u keeps the logarithm's argument in (0, 1].
    const u1 = 1 - next();
    const u2 = next();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
  return { next, normal, state: () => state };
}

/**
 * Derive an independent sub-seed, so setup and stepping draw from separate streams and adding a
 * draw to one never shifts the other.
 *
 * @example
 * const stepRng = createPrng(deriveSeed(seed, 2));
 */
export function deriveSeed(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
