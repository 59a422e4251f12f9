'use client';
import { counterparties, type NetworkModel, type NetworkNode } from './networkModel.js';
import { BAND_LABELS, formatMillions, formatRatio } from './networkFormat.js';

export interface NetworkDetailsProps {
  model: NetworkModel;
  node: NetworkNode;
}

const TOP = 3;

/**
 * A node's balance sheet and exposures: what the hover card and the keyboard focus show, and
 * what a screen reader hears (the card is a polite live region).
 */
export function NetworkDetails({ model, node }: NetworkDetailsProps) {
  const { lendsTo, borrowsFrom, writtenOff } = counterparties(model, node.id);
  const e = node.entity;
  const lostHere = writtenOff.filter((w) => w.lender === node.id);
  const status = node.alive
    ? BAND_LABELS[node.band]
    : `Defaulted at timestep ${node.defaultedAt ?? '?'}`;
  return (
    <div className="space-y-1 text-xs" data-entity={node.id}>
      <p className="font-semibold text-sm">
        {node.name}{' '}
        <span className="font-normal text-ss-muted-foreground">
          ({node.id}, {node.type}
          {node.isPlayer ? ', your bank' : ''})
        </span>
      </p>
      <p>{status}</p>
      <dl className="grid grid-cols-[auto_auto] gap-x-3">
        <dt className="text-ss-muted-foreground">Total assets</dt>
        <dd>{formatMillions(node.totalAssets)}</dd>
        <dt className="text-ss-muted-foreground">Equity</dt>
        <dd>{formatMillions(e.equity)}</dd>
        <dt className="text-ss-muted-foreground">Capital ratio</dt>
        <dd>{formatRatio(e.capital_ratio)}</dd>
        <dt className="text-ss-muted-foreground">NPA ratio</dt>
        <dd>{formatRatio(e.npa_ratio)}</dd>
        <dt className="text-ss-muted-foreground">Deposits</dt>
        <dd>{formatMillions(e.deposits)}</dd>
        <dt className="text-ss-muted-foreground">Lends (open)</dt>
        <dd>
          {formatMillions(node.lent)} to {node.lendsTo}
        </dd>
        <dt className="text-ss-muted-foreground">Borrows (open)</dt>
        <dd>
          {formatMillions(node.borrowed)} from {node.borrowsFrom}
        </dd>
        {node.losses > 0 && (
          <>
            <dt className="text-ss-muted-foreground">Written off</dt>
            <dd>
              {formatMillions(node.losses)} on {lostHere.length} claims
            </dd>
          </>
        )}
      </dl>
      {lendsTo.length > 0 && (
        <p>
          Largest loans to:{' '}
          {lendsTo
            .slice(0, TOP)
            .map((c) => `${c.id} ${formatMillions(c.amount)}`)
            .join(', ')}
        </p>
      )}
      {borrowsFrom.length > 0 && (
        <p>
          Largest lenders:{' '}
          {borrowsFrom
            .slice(0, TOP)
            .map((c) => `${c.id} ${formatMillions(c.amount)}`)
            .join(', ')}
        </p>
      )}
    </div>
  );
}
