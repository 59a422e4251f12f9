// vlq 2.0.4 ships types/index.d.ts but its package.json "exports" hide them from
// TypeScript's bundler/node16 resolution; this states the two functions the codec uses.
declare module 'vlq' {
  /** Base64 VLQ of one integer or a list of them (32-bit signed). */
  export function encode(value: number | readonly number[]): string;
  /** The integers of a base64 VLQ string; throws on a character outside the alphabet. */
  export function decode(text: string): number[];
}
