'use client';
import type { NetworkModel } from './networkModel.js';
import { BAND_LABELS, formatMillions, formatRatio } from './networkFormat.js';

export interface NetworkTableProps {
  model: NetworkModel;
  selectedId: string | null;
  onSelect?: ((id: string | null) => void) | undefined;
  height: number;
}

/**
 * The network as a table: every entity with its status, size, capital and open exposures. The
 * same data as the picture, for screen readers and for reading exact numbers.
 */
export function NetworkTable({ model, selectedId, onSelect, height }: NetworkTableProps) {
  return (
    <section
      className="overflow-auto focus-visible:outline-2 focus-visible:outline-ss-ring"
      style={{ maxHeight: height }}
      aria-label="Exposure network table"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to scroll by keyboard (axe scrollable-region-focusable)
      tabIndex={0}
    >
      <table className="w-full border-collapse text-left text-xs">
        <caption className="sr-only">
          Exposure network at timestep {model.timestep}: {model.nodes.length} entities,{' '}
          {model.links.filter((l) => l.status === 'open').length} open claims
        </caption>
        <thead className="sticky top-0 bg-ss-background">
          <tr className="border-b border-ss-border">
            <th scope="col" className="px-2 py-1">
              Entity
            </th>
            <th scope="col" className="px-2 py-1">
              Status
            </th>
            <th scope="col" className="px-2 py-1 text-right">
              Total assets
            </th>
            <th scope="col" className="px-2 py-1 text-right">
              Capital ratio
            </th>
            <th scope="col" className="px-2 py-1 text-right">
              Lends (open)
            </th>
            <th scope="col" className="px-2 py-1 text-right">
              Borrows (open)
            </th>
            <th scope="col" className="px-2 py-1 text-right">
              Written off
            </th>
          </tr>
        </thead>
        <tbody>
          {model.nodes.map((node) => (
            <tr
              key={node.id}
              data-entity={node.id}
              data-state={node.alive ? 'alive' : 'defaulted'}
              data-selected={node.id === selectedId ? true : undefined}
              className="border-b border-ss-border data-selected:bg-ss-accent"
            >
              <th scope="row" className="px-2 py-1 font-normal">
                {onSelect ? (
                  <button
                    type="button"
                    className="underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-ss-ring"
                    aria-pressed={node.id === selectedId}
                    onClick={() => onSelect(node.id === selectedId ? null : node.id)}
                  >
                    {node.name}
                  </button>
                ) : (
                  node.name
                )}
                <span className="text-ss-muted-foreground">
                  {' '}
                  {node.id}
                  {node.isPlayer ? ' (yours)' : ''}
                </span>
              </th>
              <td className="px-2 py-1">
                {node.alive ? BAND_LABELS[node.band] : `Defaulted (t${node.defaultedAt ?? '?'})`}
              </td>
              <td className="px-2 py-1 text-right">{formatMillions(node.totalAssets)}</td>
              <td className="px-2 py-1 text-right">{formatRatio(node.capitalRatio)}</td>
              <td className="px-2 py-1 text-right">
                {formatMillions(node.lent)} ({node.lendsTo})
              </td>
              <td className="px-2 py-1 text-right">
                {formatMillions(node.borrowed)} ({node.borrowsFrom})
              </td>
              <td className="px-2 py-1 text-right">
                {node.losses > 0 ? formatMillions(node.losses) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
