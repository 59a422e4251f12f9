'use client';
/**
 * `@simstream/react/network`: the exposure network (d3-force layout on a canvas). A separate
 * entry so apps that do not draw the network do not ship d3-force.
 */
export { ExposureNetwork } from './ExposureNetwork.js';
export type { ExposureNetworkProps } from './ExposureNetwork.js';
export { ExposureNetworkView } from './ExposureNetworkView.js';
export type { ExposureNetworkViewProps } from './ExposureNetworkView.js';
export {
  CAPITAL_BANDS,
  buildNetworkModel,
  capitalBand,
  counterparties,
  defaultHits,
  totalAssetsOf,
} from './networkModel.js';
export type { CapitalBand, NetworkLink, NetworkModel, NetworkNode } from './networkModel.js';
export { nextNodeId } from './networkKeyboard.js';
