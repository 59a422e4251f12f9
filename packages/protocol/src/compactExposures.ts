import { encode as vlqEncode } from 'vlq';
import type { Exposure } from './domain.js';
import { MONEY, VLQ_LIMIT, decodeColumn, exactFixed } from './fixedPoint.js';
import type { CompactKeyframe } from './compactKeyframe.js';

/**
 * The exposure network of a compact keyframe in columns: each claim's lender and borrower by
 * entity index, amount, status, closing timestep and loss (format: the protocol README).
 */

type Literal = [number, number, number];
type ExposureColumns = NonNullable<CompactKeyframe['exposures']>;

const STATUSES = [undefined, 'settled', 'written_off'] as const;

/** VLQ of a column, '' when all zero (a column nobody needs costs nothing). */
export const packed = (values: readonly number[]): string =>
  values.every((v) => v === 0) ? '' : vlqEncode(values);

/** Fixed-point cells of one number per row, or literals where a value is not exact. */
export function fixedColumn(
  values: readonly number[],
  scale: number,
  literals: Literal[],
  column: number,
  predict: (row: number) => number = () => 0,
): string {
  const out = values.map((v, row) => {
    const k = exactFixed(v, scale);
    const residual = k === null ? null : k - predict(row);
    if (residual === null || !(Math.abs(residual) < VLQ_LIMIT)) {
      literals.push([column, row, v]);
      return 0;
    }
    return residual;
  });
  return packed(out);
}

/**
 * The claims as columns, entities by their index in `ids`.
 *
 * @example
 * const columns = encodeExposures(snapshot.exposures, snapshot.entities.map((e) => e.id));
 */
export function encodeExposures(
  exposures: readonly Exposure[],
  ids: readonly string[],
): ExposureColumns {
  const at = new Map(ids.map((id, i) => [id, i]));
  const literals: Literal[] = [];
  let previous = 0;
  const borrower = exposures.map((e) => {
    const i = at.get(e.borrower) ?? Number.NaN;
    const change = i - previous;
    previous = i;
    return change;
  });
  const encoded = {
    count: exposures.length,
    lender: packed(exposures.map((e) => at.get(e.lender) ?? Number.NaN)),
    borrower: packed(borrower),
    amount: fixedColumn(
      exposures.map((e) => e.amount),
      MONEY,
      literals,
      0,
    ),
    status: packed(exposures.map((e) => STATUSES.indexOf(e.status))),
    closed_at: packed(exposures.map((e) => (e.closed_at === undefined ? 0 : e.closed_at + 1))),
    // 0: no loss field (open claims); a loss of k cents is k + 1.
    loss: packed(
      exposures.map((e, row) => {
        if (e.loss === undefined) return 0;
        const k = exactFixed(e.loss, MONEY);
        if (k === null || k < 0) literals.push([1, row, e.loss]);
        return k === null || k < 0 ? 0 : k + 1;
      }),
    ),
    ...(literals.length > 0 ? { literals } : {}),
  };
  return encoded;
}

/**
 * The claims of a keyframe's exposure columns, entity indexes resolved through `ids`; a
 * `RangeError` when a column does not fit or an index names no entity.
 *
 * @example
 * const exposures = decodeExposures(keyframe.exposures, ids, timestep);
 */
export function decodeExposures(
  x: ExposureColumns,
  ids: readonly string[],
  timestep: number,
): Exposure[] {
  const column = (text: string, name: string) => decodeColumn(text, x.count, name, timestep);
  const lender = column(x.lender, 'lender');
  const borrower = column(x.borrower, 'borrower');
  const amount = column(x.amount, 'amount');
  const status = column(x.status, 'status');
  const closedAt = column(x.closed_at, 'closed_at');
  const loss = column(x.loss, 'loss');
  const literals = new Map((x.literals ?? []).map(([c, i, v]) => [c * x.count + i, v]));
  const id = (i: number) => {
    const found = ids[i];
    if (found === undefined)
      throw new RangeError(`Keyframe ${timestep}: a claim names entity ${i}.`);
    return found;
  };
  let b = 0;
  return lender.map((l, i) => {
    b += borrower[i]!;
    const exposure: Exposure = {
      lender: id(l),
      borrower: id(b),
      amount: literals.get(i) ?? amount[i]! / MONEY,
    };
    const closed = STATUSES[status[i]!];
    if (closed !== undefined) exposure.status = closed;
    if (closedAt[i] !== 0) exposure.closed_at = closedAt[i]! - 1;
    const lost = literals.get(x.count + i) ?? (loss[i] === 0 ? undefined : (loss[i]! - 1) / MONEY);
    if (lost !== undefined) exposure.loss = lost;
    return exposure;
  });
}
