'use client';
/**
 * `@simstream/react/entities`: the entity grid (banks and funds as tiles by capital ratio),
 * live or at the timeline's timestep. A separate entry, beside `/network`, `/timeline` and
 * `/charts`, so the main entry's size budget holds.
 */
export { EntityGrid } from './EntityGrid.js';
export type { EntityGridProps } from './EntityGrid.js';
export { EntityGridView } from './EntityGridView.js';
export type { EntityGridViewProps } from './EntityGridView.js';
export { entityGroups, entityHealth, MIN_CAPITAL_RATIO } from './entityHealth.js';
export type { EntityHealth } from './entityHealth.js';
