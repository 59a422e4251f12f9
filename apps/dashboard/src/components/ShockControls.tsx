import {
  ASSET_CLASSES,
  type AssetClass,
  type EntityState,
  type ShockInput,
  type ShockType,
} from '@simstream/protocol';
import { useApplyShock } from '@simstream/react';
import { type FormEvent, useId, useState } from 'react';

const shockLabels: Record<ShockType, string> = {
  asset_price_crash: 'Asset price crash',
  deposit_run: 'Deposit run',
  credit_loss: 'Credit loss',
};

const assetLabels: Record<AssetClass, string> = {
  real_estate: 'Real estate',
  equities: 'Equities',
  sovereign_bonds: 'Sovereign bonds',
  corporate_loans: 'Corporate loans',
};

/** Slider range per kind, in percent: a crash lowers prices, a run or loss takes a share. */
const magnitudeRange: Record<
  ShockType,
  { min: number; max: number; initial: number; describe: string }
> = {
  asset_price_crash: { min: 5, max: 90, initial: 30, describe: 'price drop' },
  deposit_run: { min: 5, max: 100, initial: 40, describe: 'of deposits withdrawn' },
  credit_loss: {
    min: 5,
    max: 100,
    initial: 30,
    describe: 'of corporate loans turning non-performing',
  },
};

/**
 * The shock as the protocol wants it: a crash's magnitude is the (negative) price change,
 * the others a positive share.
 *
 * @example
 * toShockInput('asset_price_crash', 'real_estate', 30); // { …, magnitude: -0.3 }
 */
export function toShockInput(kind: ShockType, target: string, percent: number): ShockInput {
  const share = Math.round(percent) / 100;
  return { shock_type: kind, target, magnitude: kind === 'asset_price_crash' ? -share : share };
}

export interface ShockControlsProps {
  simulationId: string;
  /** Entities that can be targeted by a run or a credit loss (defaulted ones are left out). */
  entities: readonly EntityState[];
}

/**
 * A form to apply any of the three shock kinds: a crash targets an asset class, a deposit
 * run or credit loss an entity (or the whole system); magnitude is a labelled slider. The
 * outcome is announced in a polite live region; the stream then shows `shock_applied`.
 *
 * @example
 * <ShockControls simulationId="test-sim-123" entities={snapshot.entities} />
 */
export function ShockControls({ simulationId, entities }: ShockControlsProps) {
  const id = useId();
  const [kind, setKind] = useState<ShockType>('asset_price_crash');
  const [assetTarget, setAssetTarget] = useState<AssetClass>('real_estate');
  const [entityTarget, setEntityTarget] = useState('system');
  const [percent, setPercent] = useState(magnitudeRange.asset_price_crash.initial);
  const shock = useApplyShock(simulationId);
  const range = magnitudeRange[kind];
  const alive = entities.filter((e) => e.alive);
  // A chosen bank that defaults drops out of the options; the select then shows "Whole
  // system", so that is what the form holds and sends (not the dead bank). Adjusted during
  // render, React's pattern for state derived from props: no frame with the stale target.
  if (entityTarget !== 'system' && !alive.some((e) => e.id === entityTarget)) {
    setEntityTarget('system');
  }

  function changeKind(next: ShockType) {
    setKind(next);
    setPercent(magnitudeRange[next].initial);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const target = kind === 'asset_price_crash' ? assetTarget : entityTarget;
    shock.mutate(toShockInput(kind, target, percent));
  }

  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} className="flex flex-col gap-3">
      <h2 id={`${id}-title`} className="text-base font-semibold">
        Shocks
      </h2>
      <label className="flex flex-col gap-1 text-sm" htmlFor={`${id}-kind`}>
        Shock type
        <select
          id={`${id}-kind`}
          value={kind}
          onChange={(e) => changeKind(e.target.value as ShockType)}
          className="rounded-md border border-ss-border bg-ss-background px-2 py-1.5"
        >
          {(Object.keys(shockLabels) as ShockType[]).map((k) => (
            <option key={k} value={k}>
              {shockLabels[k]}
            </option>
          ))}
        </select>
      </label>
      {kind === 'asset_price_crash' ? (
        <label className="flex flex-col gap-1 text-sm" htmlFor={`${id}-asset`}>
          Target asset class
          <select
            id={`${id}-asset`}
            value={assetTarget}
            onChange={(e) => setAssetTarget(e.target.value as AssetClass)}
            className="rounded-md border border-ss-border bg-ss-background px-2 py-1.5"
          >
            {ASSET_CLASSES.map((asset) => (
              <option key={asset} value={asset}>
                {assetLabels[asset]}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <label className="flex flex-col gap-1 text-sm" htmlFor={`${id}-entity`}>
          Target entity
          <select
            id={`${id}-entity`}
            value={entityTarget}
            onChange={(e) => setEntityTarget(e.target.value)}
            className="rounded-md border border-ss-border bg-ss-background px-2 py-1.5"
          >
            <option value="system">Whole system</option>
            {alive.map((entity) => (
              <option key={entity.id} value={entity.id}>
                {entity.id} — {entity.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="flex flex-col gap-1 text-sm" htmlFor={`${id}-magnitude`}>
        <span>
          Magnitude: <output htmlFor={`${id}-magnitude`}>{percent} %</output>{' '}
          <span className="text-ss-muted-foreground">{range.describe}</span>
        </span>
        <input
          id={`${id}-magnitude`}
          type="range"
          min={range.min}
          max={range.max}
          step={5}
          value={percent}
          aria-valuetext={`${percent} percent ${range.describe}`}
          onChange={(e) => setPercent(Number(e.target.value))}
          className="accent-[var(--ss-destructive)]"
        />
      </label>
      <button
        type="submit"
        disabled={shock.isPending}
        className="rounded-md bg-ss-destructive px-3 py-2 text-sm font-medium text-ss-destructive-foreground disabled:opacity-60"
      >
        {shock.isPending ? 'Applying…' : `Apply ${shockLabels[kind].toLowerCase()}`}
      </button>
      <p role="status" className="min-h-5 text-sm text-ss-muted-foreground">
        {shock.isError
          ? `Shock refused: ${shock.error instanceof Error ? shock.error.message : 'unknown error'}`
          : shock.isSuccess
            ? 'Shock queued for the next step.'
            : ''}
      </p>
    </form>
  );
}
