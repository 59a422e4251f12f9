import { describe, expect, it } from 'vitest';
import { clearingVector, receivedFrom } from './clearing.js';

describe('clearingVector (Eisenberg–Noe)', () => {
  it('clears a 3-bank chain computed by hand', () => {
    // A owes B 8 and C 2; B owes C 6; C owes A 4. Outside assets: A 3, B 0.2, C 2.
    // C is solvent and pays 4, so A has 3 + 4 = 7 < 10: A defaults and pays 7
    // (B gets 5.6, C gets 1.4). B then has 0.2 + 5.6 = 5.8 < 6: B defaults and pays 5.8.
    // C has 2 + 1.4 + 5.8 = 9.2 ≥ 4 and pays in full.
    const result = clearingVector({
      liabilities: [
        [0, 8, 2],
        [0, 0, 6],
        [4, 0, 0],
      ],
      externalAssets: [3, 0.2, 2],
    });
    expect(result.payments[0]).toBeCloseTo(7, 9);
    expect(result.payments[1]).toBeCloseTo(5.8, 9);
    expect(result.payments[2]).toBeCloseTo(4, 9);
    expect(result.defaulted).toEqual([true, true, false]);
  });

  it('solves a 4-bank cycle where every payment depends on the others', () => {
    // A owes B 6; B owes C 6 and D 4; C owes A 6; only B has outside assets (2).
    // All of A, B, C default: pA = pC, pC = 0.6·pB, pB = 2 + pA ⇒ 0.4·pA = 1.2 ⇒ pA = 3, pB = 5, pC = 3.
    const liabilities = [
      [0, 6, 0, 0],
      [0, 0, 6, 4],
      [6, 0, 0, 0],
      [0, 0, 0, 0],
    ];
    const result = clearingVector({ liabilities, externalAssets: [0, 2, 0, 0] });
    expect(result.payments.map((p) => Number(p.toFixed(6)))).toEqual([3, 5, 3, 0]);
    expect(result.defaulted).toEqual([true, true, true, false]);
    // D receives 4/10 of B's 5.
    expect(receivedFrom(liabilities, [6, 10, 6, 0], result.payments)[3]).toBeCloseTo(2, 6);
  });

  it('applies liquidation values only to defaulters (Rogers–Veraart) and ranks senior claims first', () => {
    // Same chain as above; in default A realizes 1.5 instead of 3, B 0.1 instead of 0.2.
    // A: 1.5 + 4 = 5.5; B: 0.1 + 0.8·5.5 = 4.5; C solvent (2 + 1.1 + 4.5 ≥ 4) pays 4.
    const liabilities = [
      [0, 8, 2],
      [0, 0, 6],
      [4, 0, 0],
    ];
    const discounted = clearingVector({
      liabilities,
      externalAssets: [3, 0.2, 2],
      liquidationValues: [1.5, 0.1, 2],
    });
    expect(discounted.payments.map((p) => Number(p.toFixed(9)))).toEqual([5.5, 4.5, 4]);

    // A senior claim (deposits) of 1 on C comes out of its estate first; C still pays in full.
    const senior = clearingVector({
      liabilities,
      externalAssets: [3, 0.2, 2],
      seniorLiabilities: [0, 0, 1],
    });
    expect(senior.payments.map((p) => Number(p.toFixed(9)))).toEqual([7, 5.8, 4]);
  });

  it('shares a defaulter between pari-passu depositors and interbank creditors', () => {
    // A owes B 10 and depositors 30, and has 20: interbank creditors get 10/40 of 20 = 5.
    const result = clearingVector({
      liabilities: [
        [0, 10],
        [0, 0],
      ],
      externalAssets: [20, 0],
      externalLiabilities: [30, 0],
    });
    expect(result.payments[0]).toBeCloseTo(5, 9);
    expect(result.defaulted).toEqual([true, false]);
  });

  it('forces a default even when the balance sheet is solvent (failed deposit run)', () => {
    const result = clearingVector({
      liabilities: [
        [0, 10],
        [0, 0],
      ],
      externalAssets: [50, 0],
      liquidationValues: [6, 0],
      forcedDefaults: [true, false],
    });
    expect(result.defaulted[0]).toBe(true);
    expect(result.payments[0]).toBeCloseTo(6, 9);
  });
});
