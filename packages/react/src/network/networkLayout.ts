import {
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
import type { NetworkModel } from './networkModel.js';

/** A node's place in the layout (layout units; the view fits them to its canvas). */
export interface LayoutNode extends SimulationNodeDatum {
  id: string;
  r: number;
}

/** The force layout of one network topology (d3-force), kept while the topology stays. */
export interface NetworkLayout {
  /** Ids and claim count the layout was made for: a new topology gets a new layout. */
  readonly topology: string;
  readonly nodes: ReadonlyMap<string, LayoutNode>;
  /** The node under a point (layout units), within `radius` beyond its own. */
  find(x: number, y: number, radius: number): LayoutNode | undefined;
  /** Radii follow the latest model (collisions use them). */
  resize(model: NetworkModel): void;
  stop(): void;
}

/** Identity of a model's topology: its node ids and claims (open or closed). */
export function topologyOf(model: NetworkModel): string {
  return `${model.nodes.map((n) => n.id).join(',')}|${model.links.length}`;
}

/**
 * Lay a network out with d3-force: links pull lenders and borrowers together, every node repels
 * the others (Barnes–Hut), x/y forces keep the picture centred and collisions keep nodes apart.
 * Small networks are settled before the first paint; large ones settle a few hundred
 * milliseconds on, calling `onTick` on each step (then the simulation stops by itself).
 *
 * @example
 * const layout = createNetworkLayout(model, () => draw());
 * layout.nodes.get('BANK_001'); // { id, x, y, r, … }
 */
export function createNetworkLayout(model: NetworkModel, onTick: () => void): NetworkLayout {
  const nodes = model.nodes.map((n): LayoutNode => ({ id: n.id, r: n.radius }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const links: SimulationLinkDatum<LayoutNode>[] = model.links.map((l) => ({
    source: l.source,
    target: l.target,
  }));
  const large = nodes.length > 300;
  const simulation: Simulation<LayoutNode, SimulationLinkDatum<LayoutNode>> = forceSimulation(nodes)
    .force(
      'link',
      forceLink<LayoutNode, SimulationLinkDatum<LayoutNode>>(links)
        .id((d) => d.id)
        .distance(large ? 18 : 60)
        .strength(large ? 0.05 : 0.2),
    )
    .force(
      'charge',
      forceManyBody<LayoutNode>()
        .strength(large ? -12 : -140)
        .theta(0.9),
    )
    .force('x', forceX<LayoutNode>(0).strength(0.06))
    .force('y', forceY<LayoutNode>(0).strength(0.06))
    .force('collide', forceCollide<LayoutNode>((d) => d.r + 1.5).iterations(1))
    .alphaDecay(large ? 0.06 : 0.03)
    .stop();
  // Settle before the first paint as far as a frame allows; large networks finish animated.
  simulation.tick(large ? 20 : 200);
  if (simulation.alpha() > simulation.alphaMin()) {
    simulation.on('tick', onTick).restart();
  }
  const maxRadius = () => nodes.reduce((m, n) => Math.max(m, n.r), 0);
  return {
    topology: topologyOf(model),
    nodes: byId,
    // d3's own search (nearest centre within the radius), widened by the node's size.
    find: (x, y, radius) => {
      const found = simulation.find(x, y, radius + maxRadius());
      return found && Math.hypot((found.x ?? 0) - x, (found.y ?? 0) - y) <= found.r + radius
        ? found
        : undefined;
    },
    resize: (next) => {
      for (const n of next.nodes) {
        const node = byId.get(n.id);
        if (node) node.r = n.radius;
      }
    },
    stop: () => {
      simulation.on('tick', null).stop();
    },
  };
}
