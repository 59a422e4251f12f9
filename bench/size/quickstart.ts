/**
 * What the README's quick start imports from the kit: the app in examples/vite (README.md
 * shows its files word for word; bench/size.test.ts checks this list against their imports).
 * size-limit bundles it with every dependency that is not a peer: the kit a Vite app that
 * follows the README ships, whatever else the packages export.
 *
 * @example
 * import { EventFeed } from './quickstart.js';
 */
export {
  DecisionPrompt,
  EventFeed,
  LiveIndicator,
  SimulationStreamProvider,
  useSimulationSnapshot,
  useWebSocket,
} from '@simstream/react';
