/**
 * The server as a library, for tests and embedding: `createServer(loadConfig(env, argv))`.
 * `main.ts` is the command-line entry.
 */
export { ConfigError, loadConfig } from './config.js';
export type { ParserName, ServerConfig } from './config.js';
export { RAW_CLOSE } from './rawWs.js';
export type { HealthResponse } from './rest/system.js';
export { createServer } from './server.js';
export type { CreateServerOptions, SimstreamServer } from './server.js';
