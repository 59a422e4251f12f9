/**
 * A process of kit viewers (tests/integration/viewer.ts: stream client + query caches), driven
 * by viewerFleet.ts over IPC. Hundreds of viewers in the test's own process compete with it
 * for one event loop (300 viewers' frames parsed, validated and committed on one thread),
 * and its REST deadlines then fire before it gets to read answers that came in time;
 * browsers are separate processes, and so are these.
 *
 * Requests `{ id, cmd: 'open', url, simulationId, count, spacingMs }`, `{ id, cmd: 'states' }`,
 * `{ id, cmd: 'caches', index }`, `{ id, cmd: 'stop' }`; each answered `{ id, result }`.
 */
import { openViewer, type Viewer } from '../integration/viewer.js';
import { type FleetRequest, viewerState } from './viewerFleet.js';

const viewers: Viewer[] = [];

async function handle(request: FleetRequest): Promise<unknown> {
  switch (request.cmd) {
    case 'open':
      for (let i = 0; i < request.count; i++) {
        viewers.push(openViewer(request.url, request.simulationId));
        await new Promise((resolve) => setTimeout(resolve, request.spacingMs));
      }
      return viewers.length;
    case 'states':
      return viewers.map((viewer) => viewerState(viewer, request.simulationId));
    case 'caches':
      return viewers[request.index]?.caches() ?? null;
    case 'stop':
      for (const viewer of viewers.splice(0)) viewer.stop();
      return true;
  }
}

process.on('message', (message: FleetRequest & { id: number }) => {
  void handle(message).then(
    (result) => process.send?.({ id: message.id, result }),
    (error: unknown) => process.send?.({ id: message.id, error: String(error) }),
  );
});
// The test's process went away: so do its viewers.
process.on('disconnect', () => process.exit(0));
process.send?.({ id: 0, result: 'ready' });
