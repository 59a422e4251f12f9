import type { EntityState } from '@simstream/protocol';

/** Basel-style minimum: below it a bank is shown as under-capitalised. */
export const MIN_CAPITAL_RATIO = 0.08;

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

export interface EntityGridProps {
  entities: readonly EntityState[];
  playerEntityId: string | undefined;
}

/**
 * Banks and funds, each group ordered by capital ratio (weakest first, defaulted last), as
 * tiles. State is carried by colour *and* text ("Defaulted at t=12"), so it does not rely on
 * colour alone; `data-state` on each tile lets tests and styles read it.
 *
 * @example
 * <EntityGrid entities={snapshot.entities} playerEntityId={snapshot.player_entity_id} />
 */
export function EntityGrid({ entities, playerEntityId }: EntityGridProps) {
  const groups = [
    { type: 'bank', title: 'Banks' },
    { type: 'fund', title: 'Funds' },
  ] as const;
  return (
    <div className="flex flex-col gap-4">
      {groups.map(({ type, title }) => {
        const members = entities.filter((e) => e.type === type).sort(byCapitalRatio);
        if (members.length === 0) return null;
        const defaulted = members.filter((e) => !e.alive).length;
        const headingId = `entity-group-${type}`;
        return (
          <section key={type} aria-labelledby={headingId}>
            <h3 id={headingId} className="mb-2 text-sm font-medium">
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
                />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

function byCapitalRatio(a: EntityState, b: EntityState): number {
  if (a.alive !== b.alive) return a.alive ? -1 : 1;
  return a.capital_ratio - b.capital_ratio || a.id.localeCompare(b.id);
}

function EntityTile({ entity, isPlayer }: { entity: EntityState; isPlayer: boolean }) {
  const health = entityHealth(entity);
  const status =
    health === 'defaulted' && entity.defaulted_at !== null
      ? `Defaulted at t=${entity.defaulted_at}`
      : healthLabel[health];
  const barWidth = Math.max(0, Math.min(1, entity.capital_ratio / 0.25)) * 100;
  return (
    <li
      data-entity-id={entity.id}
      data-state={health}
      aria-label={`${entity.name}${isPlayer ? ' (your bank)' : ''}: ${status}, capital ratio ${percent(entity.capital_ratio)}, NPA ${percent(entity.npa_ratio)}`}
      className={`rounded-md border p-2 text-xs ${tileClass[health]} ${isPlayer ? 'ring-2 ring-ss-ring' : ''}`}
    >
      <div className="flex items-center justify-between gap-1 font-mono font-semibold">
        <span>{entity.id}</span>
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
            className={`h-full rounded-full ${health === 'stressed' ? 'bg-ss-reconnecting' : 'bg-ss-live'}`}
            style={{ width: `${barWidth}%` }}
          />
        </div>
      )}
      <div className="mt-1 font-medium">{status}</div>
    </li>
  );
}
