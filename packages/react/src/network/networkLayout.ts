import {
  type ForceCollide,
  type ForceLink,
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
  type Simulation,
  type SimulationLinkDatum,
  type SimulationNodeDatum,
} from 'd3-force';
import type { NetworkLink, NetworkModel } from './networkModel.js';

/** A node's place in the layout (layout units; the view fits them to its canvas). */
export interface LayoutNode extends SimulationNodeDatum {
  id: string;
  r: number;
}

type LayoutLink = SimulationLinkDatum<LayoutNode>;

/**
 * The force layout of a network (d3-force), one per view for its whole life: data updates
 * move nothing, a changed topology (entities or claims added or removed) reheats it gently.
 * It has no timer of its own: the view's frame loop calls `advance` while it is `moving`, so
 * layout and painting share each frame's budget instead of competing for it.
 */
export interface NetworkLayout {
  readonly nodes: ReadonlyMap<string, LayoutNode>;
  /** Bumped on every tick: positions moved since a painter last looked when it differs. */
  readonly version: number;
  /** Whether the simulation is still moving nodes (`advance` has work to do). */
  readonly moving: boolean;
  /** Run ticks for up to `budgetMs` (at least one) while moving; returns whether any ran. */
  advance(budgetMs: number): boolean;
  /** The node under a point (layout units), within `radius` beyond its own. */
  find(x: number, y: number, radius: number): LayoutNode | undefined;
  /**
   * Follow a new model: radii always; nodes and claims only when they changed (then a gentle
   * reheat). Returns whether the topology changed.
   */
  update(model: NetworkModel): boolean;
}

/** Above this many nodes the first paint does not wait for the layout to settle. */
const LARGE = 300;
/** Alpha a changed topology reheats to: new nodes find their place, the rest barely move. */
const REHEAT_ALPHA = 0.12;

/**
 * Whether two claim lists join the same pairs in the same order. Lists and links are compared
 * by identity first: the model reuses an unchanged claim's link from step to step.
 */
function sameEndpoints(before: readonly NetworkLink[], after: readonly NetworkLink[]): boolean {
  if (before === after) return true;
  if (before.length !== after.length) return false;
  return after.every((l, i) => {
    const b = before[i] as NetworkLink;
    return b === l || (b.source === l.source && b.target === l.target);
  });
}

/** A newcomer starts beside a counterparty already placed (else near the centre). */
function placeNear(node: LayoutNode, model: NetworkModel, byId: Map<string, LayoutNode>): void {
  const link = model.links.find((l) => l.source === node.id || l.target === node.id);
  const anchor = link ? byId.get(link.source === node.id ? link.target : link.source) : undefined;
  const jitter = () => (Math.random() - 0.5) * 10;
  node.x = (anchor?.x ?? 0) + jitter();
  node.y = (anchor?.y ?? 0) + jitter();
}

function configure(nodes: LayoutNode[], links: LayoutLink[], large: boolean) {
  const linkForce: ForceLink<LayoutNode, LayoutLink> = forceLink<LayoutNode, LayoutLink>(links)
    .id((d) => d.id)
    .distance(large ? 18 : 60)
    .strength(large ? 0.05 : 0.2);
  const collide: ForceCollide<LayoutNode> = forceCollide<LayoutNode>((d) => d.r + 1.5).iterations(
    1,
  );
  const simulation: Simulation<LayoutNode, LayoutLink> = forceSimulation(nodes)
    .force('link', linkForce)
    .force(
      'charge',
      forceManyBody<LayoutNode>()
        .strength(large ? -12 : -140)
        .theta(0.9),
    )
    .force('x', forceX<LayoutNode>(0).strength(0.06))
    .force('y', forceY<LayoutNode>(0).strength(0.06))
    // Collisions cost a second quadtree per tick (~40 % of a tick at 1,000 nodes); in a large
    // network the charges already keep the small nodes apart.
    .force('collide', large ? null : collide)
    .alphaDecay(large ? 0.06 : 0.03)
    // A large network is at rest for the eye well before d3's default 0.001 (74 ticks, not 112).
    .alphaMin(large ? 0.01 : 0.001)
    .stop();
  return { simulation, linkForce, collide };
}

/**
 * Lay a network out with d3-force: links pull lenders and borrowers together, every node repels
 * the others (Barnes–Hut), x/y forces keep the picture centred and collisions keep nodes apart.
 * Small networks are settled before the first paint; large ones settle over the next frames
 * (`advance`). Later models update it in place, so a stream of steps never restarts the
 * picture.
 *
 * @example
 * const layout = createNetworkLayout(model);
 * requestAnimationFrame(() => layout.advance(8));
 * layout.update(nextModel); // false: same banks and claims, nothing moves
 */
export function createNetworkLayout(model: NetworkModel): NetworkLayout {
  const large = model.nodes.length > LARGE;
  let nodes = model.nodes.map((n): LayoutNode => ({ id: n.id, r: n.radius }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  let links: LayoutLink[] = model.links.map((l) => ({ source: l.source, target: l.target }));
  /** The model's claims the layout's links were made from. */
  let linksFrom: readonly NetworkLink[] = model.links;
  const { simulation, linkForce, collide } = configure(nodes, links, large);
  let version = 0;
  const moving = () => simulation.alpha() >= simulation.alphaMin();
  // Settle before the first paint as far as a frame allows; large networks finish animated.
  simulation.tick(large ? 10 : 300);

  const syncNodes = (next: NetworkModel): boolean => {
    const same =
      next.nodes.length === nodes.length && next.nodes.every((n, i) => nodes[i]?.id === n.id);
    if (same) return false;
    const wanted = new Set(next.nodes.map((n) => n.id));
    for (const id of [...byId.keys()]) if (!wanted.has(id)) byId.delete(id);
    nodes = next.nodes.map((n) => {
      const kept = byId.get(n.id);
      if (kept) return kept;
      const fresh: LayoutNode = { id: n.id, r: n.radius };
      placeNear(fresh, next, byId);
      byId.set(n.id, fresh);
      return fresh;
    });
    simulation.nodes(nodes);
    return true;
  };

  return {
    nodes: byId,
    get version() {
      return version;
    },
    get moving() {
      return moving();
    },
    advance: (budgetMs) => {
      if (!moving()) return false;
      const until = performance.now() + budgetMs;
      do simulation.tick();
      while (moving() && performance.now() < until);
      version += 1;
      return true;
    },
    // d3's own search (nearest centre within the radius), widened by the largest node.
    find: (x, y, radius) => {
      const maxRadius = nodes.reduce((m, n) => Math.max(m, n.r), 0);
      const found = simulation.find(x, y, radius + maxRadius);
      return found && Math.hypot((found.x ?? 0) - x, (found.y ?? 0) - y) <= found.r + radius
        ? found
        : undefined;
    },
    update: (next) => {
      const nodesChanged = syncNodes(next);
      for (const n of next.nodes) {
        const node = byId.get(n.id);
        if (node) node.r = n.radius;
      }
      const linksChanged = nodesChanged || !sameEndpoints(linksFrom, next.links);
      linksFrom = next.links;
      if (linksChanged) {
        links = next.links.map((l) => ({ source: l.source, target: l.target }));
        linkForce.links(links);
      }
      // Collisions keep the radii they were given: refresh them while anything can move.
      if (nodesChanged || linksChanged || moving()) collide.radius((d) => d.r + 1.5);
      if (!nodesChanged && !linksChanged) return false;
      simulation.alpha(Math.max(simulation.alpha(), REHEAT_ALPHA));
      version += 1;
      return true;
    },
  };
}
