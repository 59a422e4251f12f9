import type { EntityState } from '@simstream/protocol';

/** Basel-style minimum: below it a bank is shown as under-capitalised. */
export const MIN_CAPITAL_RATIO = 0.08;

/** How the grid classes an entity: its tile's colour, words and `data-state`. */
export type EntityHealth = 'defaulted' | 'stressed' | 'healthy';

/**
 * Classify an entity for the grid: defaulted, under the minimum capital ratio, or healthy.
 *
 * @example
 * entityHealth({ ...bank, alive: false }); // 'defaulted'
 */
export function entityHealth(entity: EntityState): EntityHealth {
  if (!entity.alive) return 'defaulted';
  return entity.capital_ratio < MIN_CAPITAL_RATIO ? 'stressed' : 'healthy';
}

/**
 * The grid's groups: banks and funds, each weakest first (by capital ratio, defaulted last,
 * ties by id), with how many defaulted. Groups without members are left out.
 *
 * @example
 * entityGroups(snapshot.entities)[0]; // { type: 'bank', title: 'Banks', members, defaulted: 2 }
 */
export function entityGroups(entities: readonly EntityState[]) {
  const groups = [
    { type: 'bank', title: 'Banks' },
    { type: 'fund', title: 'Funds' },
  ] as const;
  return groups
    .map(({ type, title }) => {
      const members = entities.filter((e) => e.type === type).sort(byCapitalRatio);
      return { type, title, members, defaulted: members.filter((e) => !e.alive).length };
    })
    .filter((group) => group.members.length > 0);
}

function byCapitalRatio(a: EntityState, b: EntityState): number {
  if (a.alive !== b.alive) return a.alive ? -1 : 1;
  return a.capital_ratio - b.capital_ratio || a.id.localeCompare(b.id);
}
