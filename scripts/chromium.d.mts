/**
 * Debian's Chromium, the browser of every browser test and benchmark.
 *
 * @example
 * chromium.launch({ executablePath: chromiumPath, args: [...chromiumFlags] });
 */
export declare const chromiumPath: '/usr/bin/chromium';

/**
 * Launch flags for headless runs in containers and CI (no sandbox, no GPU, no network of its own).
 *
 * @example
 * playwright({ launchOptions: { executablePath: chromiumPath, args: [...chromiumFlags] } });
 */
export declare const chromiumFlags: readonly string[];

/**
 * Install Debian's Chromium with apt-get when {@link chromiumPath} is missing; throws when it
 * is still missing afterwards. `log` gets the one line said before installing.
 *
 * @example
 * ensureChromium((line) => console.log(`[e2e] ${line}`));
 */
export declare function ensureChromium(log?: (line: string) => void): void;
