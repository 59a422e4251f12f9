/**
 * Install Debian's `pkg` with apt-get when `path` (a file it provides) is missing; throws when
 * it is still missing afterwards. `log` gets the one line said before installing.
 *
 * @example
 * ensureDebianPackage('/usr/bin/redis-server', 'redis-server');
 */
export declare function ensureDebianPackage(
  path: string,
  pkg: string,
  log?: (line: string) => void,
): void;
