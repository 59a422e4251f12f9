'use client';
import type { EntityState } from '@simstream/protocol';
import { type ComponentProps, useId } from 'react';
import { EntityTile } from './EntityTile.js';
import { entityGroups } from './entityHealth.js';

export interface EntityGridViewProps extends Omit<ComponentProps<'div'>, 'children'> {
  /** The entities to show (a snapshot's, live or past); undefined while loading. */
  entities: readonly EntityState[] | undefined;
  /** The player's bank: ringed and labelled "you". */
  playerEntityId?: string | undefined;
  /** The entity the host shows (ringed, its button pressed). */
  selectedId?: string | null;
  /** Makes every tile a button: called with its id when pressed (null when pressed again). */
  onSelectEntity?: (id: string | null) => void;
  /** The timestep the entities are from, on the root as `data-timestep`. */
  timestep?: number;
}

/**
 * Banks and funds as tiles, each group weakest first (by capital ratio, defaulted last):
 * green/amber/red by state, and the state in words too ("Defaulted at t=12"), so it does not
 * rest on colour alone. `data-state` on every tile (`healthy | stressed | defaulted`) and on
 * the root (`loading | empty | ready`).
 *
 * @example
 * <EntityGridView entities={snapshot.entities} playerEntityId={snapshot.player_entity_id} />
 */
export function EntityGridView({
  entities,
  playerEntityId,
  selectedId = null,
  onSelectEntity,
  timestep,
  className,
  ...props
}: EntityGridViewProps) {
  const id = useId();
  const groups = entities ? entityGroups(entities) : [];
  const state = !entities ? 'loading' : groups.length === 0 ? 'empty' : 'ready';
  return (
    <div
      data-simstream=""
      data-slot="entity-grid"
      data-state={state}
      data-timestep={timestep}
      aria-busy={state === 'loading' || undefined}
      className={className}
      {...props}
    >
      {state === 'loading' && <p className="text-sm text-ss-muted-foreground">Loading entities…</p>}
      {state === 'empty' && <p className="text-sm text-ss-muted-foreground">No entities.</p>}
      {groups.map(({ type, title, members, defaulted }) => (
        <section key={type} aria-labelledby={`${id}-${type}`}>
          <h3 id={`${id}-${type}`} className="mb-2 text-sm font-medium">
            {title}{' '}
            <span className="text-ss-muted-foreground">
              ({members.length}, {defaulted} defaulted)
            </span>
          </h3>
          <ul className="grid grid-cols-[repeat(auto-fill,minmax(9.5rem,1fr))] gap-2">
            {members.map((entity) => (
              <EntityTile
                key={entity.id}
                entity={entity}
                isPlayer={entity.id === playerEntityId}
                selected={entity.id === selectedId}
                onSelect={onSelectEntity}
              />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
