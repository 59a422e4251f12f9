import type { EntityState, Exposure, SimulationSnapshot } from '@simstream/protocol';

/** Capital bands the nodes are coloured by (and the legend names). */
export type CapitalBand = 'strong' | 'adequate' | 'weak' | 'critical' | 'defaulted';

/** Lower bounds of the capital bands: ≥ 12 % strong, ≥ 8 % adequate, ≥ 4 % weak, else critical. */
export const CAPITAL_BANDS = { strong: 0.12, adequate: 0.08, weak: 0.04 } as const;

/** One entity as the network draws it. */
export interface NetworkNode {
  id: string;
  name: string;
  type: EntityState['type'];
  alive: boolean;
  defaultedAt: number | null;
  /** External assets at market value plus interbank assets (millions): the node's size. */
  totalAssets: number;
  capitalRatio: number;
  band: CapitalBand;
  /** Radius in CSS pixels, by √(total assets) between `minRadius` and `maxRadius`. */
  radius: number;
  isPlayer: boolean;
  /** Open claims: what it lent and borrowed, and to/from how many. */
  lent: number;
  borrowed: number;
  lendsTo: number;
  borrowsFrom: number;
  /** What it lost on claims written off by its borrowers' defaults. */
  losses: number;
  entity: EntityState;
}

/** One claim as the network draws it: `source` (lender) lent `amount` to `target` (borrower). */
export interface NetworkLink {
  source: string;
  target: string;
  amount: number;
  /** Stroke width in CSS pixels, by √(amount). */
  width: number;
  status: 'open' | 'settled' | 'written_off';
  closedAt: number | null;
  loss: number;
}

export interface NetworkModel {
  timestep: number;
  playerId: string;
  nodes: NetworkNode[];
  links: NetworkLink[];
  /** How many of `links` are open (counted while the flows are summed: no second pass). */
  openLinks: number;
  byId: ReadonlyMap<string, NetworkNode>;
}

export interface NetworkScale {
  minRadius: number;
  maxRadius: number;
  maxWidth: number;
}

const DEFAULT_SCALE: NetworkScale = { minRadius: 4, maxRadius: 22, maxWidth: 6 };

/**
 * The band of a capital ratio (a defaulted entity is `defaulted` whatever its ratio).
 *
 * @example
 * capitalBand(0.09, true); // 'adequate'
 */
export function capitalBand(capitalRatio: number, alive: boolean): CapitalBand {
  if (!alive) return 'defaulted';
  if (capitalRatio >= CAPITAL_BANDS.strong) return 'strong';
  if (capitalRatio >= CAPITAL_BANDS.adequate) return 'adequate';
  if (capitalRatio >= CAPITAL_BANDS.weak) return 'weak';
  return 'critical';
}

/** External assets at market value plus interbank assets (millions). */
export function totalAssetsOf(entity: EntityState): number {
  const a = entity.assets;
  return (
    a.real_estate + a.equities + a.sovereign_bonds + a.corporate_loans + entity.interbank_assets
  );
}

/**
 * The widest stroke for a network of `count` claims: the scale's own up to ~500 claims, then
 * narrower (never under 1.5 px), so ten thousand claims stay lines rather than a grey sheet —
 * and stay cheap to rasterise.
 */
function widestFor(count: number, scale: NetworkScale): number {
  return Math.min(scale.maxWidth, Math.max(1.5, scale.maxWidth * Math.sqrt(500 / count)));
}

function linkOf(exposure: Exposure, maxAmount: number, maxWidth: number): NetworkLink {
  return {
    source: exposure.lender,
    target: exposure.borrower,
    amount: exposure.amount,
    width: maxAmount > 0 ? Math.max(0.5, maxWidth * Math.sqrt(exposure.amount / maxAmount)) : 0.5,
    status: exposure.status ?? 'open',
    closedAt: exposure.closed_at ?? null,
    loss: exposure.loss ?? 0,
  };
}

interface Flow {
  lent: number;
  borrowed: number;
  lendsTo: number;
  borrowsFrom: number;
  losses: number;
}

interface Claims {
  idsKey: string;
  scale: NetworkScale;
  links: NetworkLink[];
  flows: Map<string, Flow>;
  open: number;
}

/**
 * Links by the exposure they were made from, for one width scale (the largest amount and the
 * widest stroke). A default writes off a few claims and the live cache gives the list a new
 * identity, but every other claim keeps its object: its link is reused instead of ten
 * thousand being made again per step (the largest part of a step's main-thread work at
 * 1,000 nodes). A snapshot with another width scale (rare: the largest claim changed) starts
 * a new table.
 */
let linkTable = { maxAmount: -1, maxWidth: -1, links: new WeakMap<Exposure, NetworkLink>() };

function linksOf(kept: readonly Exposure[], maxAmount: number, maxWidth: number): NetworkLink[] {
  if (linkTable.maxAmount !== maxAmount || linkTable.maxWidth !== maxWidth)
    linkTable = { maxAmount, maxWidth, links: new WeakMap() };
  const table = linkTable.links;
  return kept.map((exposure) => {
    const found = table.get(exposure);
    if (found) return found;
    const link = linkOf(exposure, maxAmount, maxWidth);
    table.set(exposure, link);
    return link;
  });
}

/**
 * The claims part of a model, by the exposure list's identity: the live cache keeps that list
 * (and each unchanged claim) as it is when a step changes no claim, so most steps reuse the
 * links of the step before — the painter then knows the claims layer needs no repaint.
 */
const claimsCache = new WeakMap<readonly Exposure[], Claims>();

function claimsOf(
  exposures: readonly Exposure[],
  ids: ReadonlySet<string>,
  idsKey: string,
  scale: NetworkScale,
): Claims {
  const cached = claimsCache.get(exposures);
  if (cached && cached.idsKey === idsKey && cached.scale === scale) return cached;
  const kept = exposures.filter((e) => ids.has(e.lender) && ids.has(e.borrower));
  const maxAmount = kept.reduce((m, e) => Math.max(m, e.amount), 0);
  const maxWidth = widestFor(kept.length, scale);
  const links = linksOf(kept, maxAmount, maxWidth);
  const flows = new Map<string, Flow>();
  const flowOf = (id: string) => {
    const found = flows.get(id);
    if (found) return found;
    const fresh = { lent: 0, borrowed: 0, lendsTo: 0, borrowsFrom: 0, losses: 0 };
    flows.set(id, fresh);
    return fresh;
  };
  let open = 0;
  for (const link of links) {
    if (link.status === 'written_off') flowOf(link.source).losses += link.loss;
    if (link.status !== 'open') continue;
    open += 1;
    const lender = flowOf(link.source);
    const borrower = flowOf(link.target);
    lender.lent += link.amount;
    lender.lendsTo += 1;
    borrower.borrowed += link.amount;
    borrower.borrowsFrom += 1;
  }
  const claims = { idsKey, scale, links, flows, open };
  claimsCache.set(exposures, claims);
  return claims;
}

const NO_EXPOSURES: readonly Exposure[] = [];

/**
 * What the network shows of a snapshot: nodes sized by total assets and banded by capital
 * ratio, links sized by exposure, with per-node open lending/borrowing and losses. Pure; claims
 * naming an entity the snapshot lacks are left out. Snapshots sharing one exposure list (and
 * the same entities) share one `links` array.
 *
 * @example
 * const model = buildNetworkModel(snapshot);
 * model.byId.get('BANK_001')?.band; // 'adequate'
 */
export function buildNetworkModel(
  snapshot: SimulationSnapshot,
  scale: NetworkScale = DEFAULT_SCALE,
): NetworkModel {
  const ids = new Set(snapshot.entities.map((e) => e.id));
  const idsKey = snapshot.entities.map((e) => e.id).join(',');
  const { links, flows, open } = claimsOf(snapshot.exposures ?? NO_EXPOSURES, ids, idsKey, scale);
  const maxAssets = snapshot.entities.reduce((m, e) => Math.max(m, totalAssetsOf(e)), 0);
  const nodes = snapshot.entities.map((entity): NetworkNode => {
    const totalAssets = totalAssetsOf(entity);
    const share = maxAssets > 0 ? Math.sqrt(Math.max(0, totalAssets) / maxAssets) : 0;
    const f = flows.get(entity.id);
    return {
      id: entity.id,
      name: entity.name,
      type: entity.type,
      alive: entity.alive,
      defaultedAt: entity.defaulted_at,
      totalAssets,
      capitalRatio: entity.capital_ratio,
      band: capitalBand(entity.capital_ratio, entity.alive),
      radius: scale.minRadius + (scale.maxRadius - scale.minRadius) * share,
      isPlayer: entity.id === snapshot.player_entity_id,
      lent: f?.lent ?? 0,
      borrowed: f?.borrowed ?? 0,
      lendsTo: f?.lendsTo ?? 0,
      borrowsFrom: f?.borrowsFrom ?? 0,
      losses: f?.losses ?? 0,
      entity,
    };
  });
  return {
    timestep: snapshot.timestep,
    playerId: snapshot.player_entity_id,
    nodes,
    links,
    openLinks: open,
    byId: new Map(nodes.map((n) => [n.id, n])),
  };
}

/**
 * The claims each default of `timestep` hit, by defaulter: the written-off claims on it that
 * closed then (the losses it passed to its creditors). What the view animates.
 *
 * @example
 * defaultHits(model, 12); // [{ defaulter: 'BANK_007', links: [...] }]
 */
export function defaultHits(
  model: NetworkModel,
  timestep: number,
): Array<{ defaulter: string; links: NetworkLink[] }> {
  const byDefaulter = new Map<string, NetworkLink[]>();
  for (const link of model.links) {
    if (link.status !== 'written_off' || link.closedAt !== timestep) continue;
    const list = byDefaulter.get(link.target) ?? [];
    list.push(link);
    byDefaulter.set(link.target, list);
  }
  return [...byDefaulter].map(([defaulter, links]) => ({ defaulter, links }));
}

/**
 * A node's counterparties for its details: whom it lends to and borrows from (open claims,
 * largest first) and the claims written off on either side.
 *
 * @example
 * counterparties(model, 'BANK_001').lendsTo[0]; // { id: 'BANK_004', amount: 31.9 }
 */
export function counterparties(model: NetworkModel, id: string) {
  const lendsTo: Array<{ id: string; amount: number }> = [];
  const borrowsFrom: Array<{ id: string; amount: number }> = [];
  const writtenOff: Array<{
    lender: string;
    borrower: string;
    loss: number;
    closedAt: number | null;
  }> = [];
  for (const link of model.links) {
    if (link.source !== id && link.target !== id) continue;
    if (link.status === 'written_off')
      writtenOff.push({
        lender: link.source,
        borrower: link.target,
        loss: link.loss,
        closedAt: link.closedAt,
      });
    if (link.status !== 'open') continue;
    if (link.source === id) lendsTo.push({ id: link.target, amount: link.amount });
    else borrowsFrom.push({ id: link.source, amount: link.amount });
  }
  const byAmount = (a: { amount: number }, b: { amount: number }) => b.amount - a.amount;
  return { lendsTo: lendsTo.sort(byAmount), borrowsFrom: borrowsFrom.sort(byAmount), writtenOff };
}
