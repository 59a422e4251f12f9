import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.js';
import { freePort, ServerProcess } from './serverProcess.js';

/** The file's real server and Chromium, readable once `beforeAll` has run. */
export interface ServerAndBrowser {
  readonly server: ServerProcess;
  readonly browser: Browser;
}

/**
 * Registers the `beforeAll`/`afterAll` every e2e file shares: start the real server on a free
 * port with `env`, run `prepare` against it (e.g. create a simulation the pages will open),
 * then launch Chromium; afterwards close the browser and stop the server. The getters read
 * the current values, so call it at the top of the file and use `.server`/`.browser` in tests.
 *
 * @example
 * const e2e = setupServerAndBrowser({ STEP_INTERVAL_MS: '400' });
 * it('goes Live', async () => {
 *   const page = await openPage(e2e.browser, dashboardUrl(e2e.server.url, 'test-sim-123'));
 * });
 */
export function setupServerAndBrowser(
  env: Record<string, string> = {},
  prepare?: (server: ServerProcess) => Promise<void>,
): ServerAndBrowser {
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = new ServerProcess(await freePort(), { env });
    await server.start();
    await prepare?.(server);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  return {
    get server() {
      if (!server) throw new Error('server not started (use it inside a test)');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('browser not launched (use it inside a test)');
      return browser;
    },
  };
}
