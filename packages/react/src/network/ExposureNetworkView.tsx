'use client';
import type { SimulationSnapshot } from '@simstream/protocol';
import { type KeyboardEvent, useId, useMemo, useState, useSyncExternalStore } from 'react';
import { cn } from '../lib/cn.js';
import { NetworkCanvas } from './NetworkCanvas.js';
import { NetworkDetails } from './NetworkDetails.js';
import { NetworkTable } from './NetworkTable.js';
import { BAND_LABELS, BAND_SWATCH } from './networkFormat.js';
import { nextNodeId } from './networkKeyboard.js';
import { buildNetworkModel, type CapitalBand } from './networkModel.js';

export interface ExposureNetworkViewProps {
  /** The snapshot to draw (live, or a past timestep's); undefined while loading. */
  snapshot: SimulationSnapshot | undefined;
  /** The entity the host shows (ringed in the picture, marked in the table). */
  selectedId?: string | null;
  /** Called with an entity id when a node is clicked or Enter is pressed on it (null to clear). */
  onSelectNode?: (id: string | null) => void;
  /** Height of the picture / table in CSS pixels. Default 360. */
  height?: number;
  /** Start with the picture or the table. Default `graph`. */
  defaultView?: 'graph' | 'table';
  /** Animate defaults along the claims they hit. Default: on unless the user prefers reduced motion. */
  animate?: boolean;
  /** Accessible name. Default "Exposure network". */
  label?: string;
  /** After each paint, its duration in ms (benchmarks). */
  onFrame?: (ms: number) => void;
  className?: string;
}

const reducedMotion = () =>
  typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia('(prefers-reduced-motion: reduce)').matches
    : false;
const noSubscription = () => () => {};

const BANDS: CapitalBand[] = ['strong', 'adequate', 'weak', 'critical', 'defaulted'];

/**
 * The exposure network of a snapshot: nodes sized by total assets and coloured by capital ratio
 * (defaulted ones crossed out), claims as lines by exposure, the player's bank ringed; a default
 * animates along the claims it hit. Hover or keyboard focus shows a node's balance sheet and
 * exposures; click or Enter selects it (`onSelectNode`). Arrow keys, Home/End and
 * PageUp/PageDown move between nodes; "Table" shows the same data as a table.
 *
 * @example
 * <ExposureNetworkView snapshot={data?.snapshot} selectedId={id} onSelectNode={setId} />
 */
export function ExposureNetworkView({
  snapshot,
  selectedId = null,
  onSelectNode,
  height = 360,
  defaultView = 'graph',
  animate,
  label = 'Exposure network',
  onFrame,
  className,
}: ExposureNetworkViewProps) {
  const model = useMemo(() => (snapshot ? buildNetworkModel(snapshot) : null), [snapshot]);
  const [view, setView] = useState(defaultView);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [hoveredId, setHoveredId] = useState<string | null>(null);
  const prefersReduced = useSyncExternalStore(noSubscription, reducedMotion, () => false);
  const detailsId = useId();
  const ids = useMemo(() => model?.nodes.map((n) => n.id) ?? [], [model]);

  const state = !model
    ? 'loading'
    : (snapshot?.exposures?.length ?? 0) === 0
      ? 'no-network'
      : 'ready';
  const shownId = focusedId ?? hoveredId ?? selectedId;
  const shown = shownId ? model?.byId.get(shownId) : undefined;
  const defaulted = useMemo(() => model?.nodes.filter((n) => !n.alive).length ?? 0, [model]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!model) return;
    if ((event.key === 'Enter' || event.key === ' ') && focusedId) {
      event.preventDefault();
      onSelectNode?.(focusedId === selectedId ? null : focusedId);
      return;
    }
    if (event.key === 'Escape') {
      setFocusedId(null);
      return;
    }
    const next = nextNodeId(ids, focusedId, event.key, selectedId ?? model.playerId);
    if (next === null) return;
    event.preventDefault();
    setFocusedId(next);
  };

  return (
    <section
      data-simstream=""
      data-slot="exposure-network"
      aria-label={label}
      data-state={state}
      data-view={view}
      data-timestep={model?.timestep}
      data-defaulted={model ? defaulted : undefined}
      className={className}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-ss-border px-3 py-2">
        <h3 className="font-semibold">{label}</h3>
        {model && (
          <span className="text-ss-muted-foreground text-xs">
            t{model.timestep} · {model.nodes.length - defaulted} of {model.nodes.length} alive ·{' '}
            {model.openLinks} open claims
          </span>
        )}
        <ul className="ml-auto flex flex-wrap gap-2 text-xs" aria-label="Legend">
          {BANDS.map((band) => (
            <li key={band} className="inline-flex items-center gap-1">
              <span
                aria-hidden="true"
                className={cn('inline-block size-2.5 rounded-full', BAND_SWATCH[band])}
              />
              {BAND_LABELS[band]}
            </li>
          ))}
        </ul>
        <button
          type="button"
          aria-pressed={view === 'table'}
          onClick={() => setView(view === 'table' ? 'graph' : 'table')}
          className="rounded-md border border-ss-border px-2 py-0.5 text-xs hover:bg-ss-muted focus-visible:outline-2 focus-visible:outline-ss-ring"
        >
          Table
        </button>
      </div>
      {!model && <p className="p-3 text-ss-muted-foreground">Loading the network…</p>}
      {model && state === 'no-network' && (
        <p className="p-3 text-ss-muted-foreground">This simulation reports no exposure network.</p>
      )}
      {model && state === 'ready' && view === 'table' && (
        <NetworkTable
          model={model}
          selectedId={selectedId}
          onSelect={onSelectNode}
          height={height}
        />
      )}
      {model && state === 'ready' && view === 'graph' && (
        <div className="relative">
          <div
            role="application"
            aria-roledescription="network"
            aria-label={`${label}: ${model.nodes.length} entities at timestep ${model.timestep}. Arrow keys move between entities, Enter selects one; the Table button lists them.`}
            aria-describedby={detailsId}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: the picture is one keyboard stop (role application); arrows move inside it
            tabIndex={0}
            onKeyDown={onKeyDown}
            onBlur={() => setFocusedId(null)}
            className="rounded-b-lg focus-visible:outline-2 focus-visible:outline-ss-ring"
          >
            <NetworkCanvas
              model={model}
              height={height}
              focusedId={focusedId}
              hoveredId={hoveredId}
              selectedId={selectedId}
              animate={animate ?? !prefersReduced}
              onHover={setHoveredId}
              onPick={(id) => onSelectNode?.(id)}
              {...(onFrame ? { onFrame } : {})}
            />
          </div>
          <div
            id={detailsId}
            aria-live="polite"
            className={cn(
              'pointer-events-none absolute top-2 left-2 max-w-xs rounded-md border border-ss-border bg-ss-background/95 p-2 shadow-sm',
              !shown && 'sr-only',
            )}
          >
            {shown ? <NetworkDetails model={model} node={shown} /> : 'No entity focused.'}
          </div>
        </div>
      )}
    </section>
  );
}
