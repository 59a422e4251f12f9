'use client';
import type { EntityState } from '@simstream/protocol';
import { cn } from '../lib/cn.js';
import { type EntityHealth, entityHealth } from './entityHealth.js';

const tileClass: Record<EntityHealth, string> = {
  defaulted: 'border-ss-destructive bg-ss-destructive text-ss-destructive-foreground',
  stressed: 'border-ss-reconnecting bg-ss-reconnecting/15 text-ss-foreground',
  healthy: 'border-ss-border bg-ss-background text-ss-foreground',
};

const healthLabel: Record<EntityHealth, string> = {
  defaulted: 'Defaulted',
  stressed: 'Under-capitalised',
  healthy: 'Healthy',
};

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)} %`;

export interface EntityTileProps {
  entity: EntityState;
  isPlayer: boolean;
  selected: boolean;
  onSelect: ((id: string | null) => void) | undefined;
}

/**
 * One entity as a tile: id, capital ratio and NPA, a capital bar, and its state in words
 * ("Defaulted at t=12"), so the state never rests on colour alone. A button (pressed when
 * selected) when the grid is given `onSelectEntity`, named by what it shows (axe's
 * label-content-name-mismatch) with the entity's name added for screen readers; else the
 * tile's description is its accessible name.
 */
export function EntityTile({ entity, isPlayer, selected, onSelect }: EntityTileProps) {
  const health = entityHealth(entity);
  const status =
    health === 'defaulted' && entity.defaulted_at !== null
      ? `Defaulted at t=${entity.defaulted_at}`
      : healthLabel[health];
  const barWidth = Math.max(0, Math.min(1, entity.capital_ratio / 0.25)) * 100;
  const label = `${entity.name}${isPlayer ? ' (your bank)' : ''}: ${status}, capital ratio ${percent(entity.capital_ratio)}, NPA ${percent(entity.npa_ratio)}`;
  const body = (
    <>
      <div className="flex items-center justify-between gap-1 font-mono font-semibold">
        <span>
          {entity.id}
          {onSelect ? (
            // The button's name is what it shows: the id, and (for screen readers) the name.
            <span className="sr-only">
              {' '}
              {entity.name}
              {isPlayer ? ' (your bank)' : ''}
            </span>
          ) : null}
        </span>
        {isPlayer ? (
          <span className="rounded-sm bg-ss-accent px-1 text-ss-accent-foreground">you</span>
        ) : null}
      </div>
      <div className="mt-1 flex items-baseline justify-between">
        <span>CR {percent(entity.capital_ratio)}</span>
        <span>NPA {percent(entity.npa_ratio)}</span>
      </div>
      {health === 'defaulted' ? null : (
        <div className="mt-1 h-1.5 rounded-full bg-ss-muted" aria-hidden="true">
          <div
            className={cn(
              'h-full rounded-full',
              health === 'stressed' ? 'bg-ss-reconnecting' : 'bg-ss-live',
            )}
            style={{ width: `${barWidth}%` }}
          />
        </div>
      )}
      <div className="mt-1 font-medium">{status}</div>
    </>
  );
  return (
    <li
      data-entity-id={entity.id}
      data-state={health}
      data-selected={selected ? '' : undefined}
      aria-label={onSelect ? undefined : label}
      className={cn(
        'rounded-md border p-2 text-xs',
        tileClass[health],
        (isPlayer || selected) && 'ring-2 ring-ss-ring',
        selected && 'ring-offset-2 ring-offset-ss-background',
      )}
    >
      {onSelect ? (
        <button
          type="button"
          aria-pressed={selected}
          onClick={() => onSelect(selected ? null : entity.id)}
          className="block w-full text-left focus-visible:outline-2 focus-visible:outline-ss-ring"
        >
          {body}
        </button>
      ) : (
        body
      )}
    </li>
  );
}
