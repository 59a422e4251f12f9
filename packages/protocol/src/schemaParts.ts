import * as v from 'valibot';

/** A check that runs on a number after it is known to be finite. */
type NumberCheck = v.PipeItem<number, number, v.BaseIssue<unknown>>;

/**
 * A finite number (JSON never carries NaN or Infinity, so neither may an in-process value),
 * with extra checks.
 *
 * @example
 * const health = finite(v.minValue(0), v.maxValue(1));
 */
export function finite(...checks: NumberCheck[]) {
  return v.pipe(v.number(), v.finite(), ...checks);
}

/**
 * A whole number from `min` (default 0) up to `max` (default unbounded): a timestep, a seq.
 *
 * @example
 * const seq = count(1);
 * const banks = count(2, 1000);
 */
export function count(min = 0, max = Number.MAX_SAFE_INTEGER) {
  return v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
}

/**
 * A whole number from a query string (`?since=40`), converted like `Number(text)` and then
 * checked like `count(min, max)`.
 *
 * @example
 * const limit = queryCount(1, 10_000);
 */
export function queryCount(min = 0, max = Number.MAX_SAFE_INTEGER) {
  return v.pipe(v.union([v.string(), v.number()]), v.transform(Number), count(min, max));
}

/**
 * A string of at most `max` characters.
 *
 * @example
 * const label = shortText(200);
 */
export function shortText(max: number) {
  return v.pipe(v.string(), v.maxLength(max));
}

/**
 * An ISO 8601 date-time string (`2026-01-01T12:00:00.000Z`).
 *
 * @example
 * const timestamp = isoDateTime();
 */
export function isoDateTime() {
  return v.pipe(v.string(), v.isoTimestamp());
}

/**
 * One step of an issue's path, for the issues a whole-object check (`v.rawCheck`) reports
 * on a field: `path: [pathItem(batch, 'events'), pathItem(events, 3)]` reads `events.3`.
 *
 * @example
 * addIssue({ message: 'toSeq must be ≥ fromSeq', path: [pathItem(batch, 'toSeq')] });
 */
export function pathItem(input: object, key: string | number): v.IssuePathItem {
  const value = (input as Record<string | number, unknown>)[key];
  return Array.isArray(input)
    ? { type: 'array', origin: 'value', input, key: Number(key), value }
    : {
        type: 'object',
        origin: 'value',
        input: input as Record<string, unknown>,
        key: String(key),
        value,
      };
}
