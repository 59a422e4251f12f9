import { describe, expect, it } from 'vitest';
import { loadSizeChecks, measureCheck, parseLimit } from './size/measure.js';

// A size budget, not a timing assertion: the bundle apps ship must not grow past the
// limit in .size-limit.mjs (gzip, peers excluded).
describe('bundle size budget (.size-limit.mjs)', () => {
  it('keeps @simstream/react + @simstream/client within the limit', async () => {
    const [kit] = await loadSizeChecks();
    expect(kit?.name).toBe('@simstream/react + @simstream/client');
    if (!kit) return;
    const bytes = await measureCheck(kit);
    // A real bundle: the kit is far from empty, so a broken entry cannot pass as "small".
    expect(bytes).toBeGreaterThan(5_000);
    expect(bytes).toBeLessThanOrEqual(parseLimit(kit.limit));
  }, 60_000);

  it('leaves the peers out of the bundle', async () => {
    const [kit] = await loadSizeChecks();
    if (!kit) throw new Error('no check');
    for (const peer of ['react', 'react-dom', '@tanstack/react-query', 'socket.io-client']) {
      expect(kit.ignore).toContain(peer);
    }
  });
});
