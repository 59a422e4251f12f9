export { MOCK_URL, createMockStream } from './createMockStream.js';
export type { MockStream, MockStreamOptions } from './createMockStream.js';
export type { MockControls } from './controls.js';
export { scenarios } from './scenarios.js';
export type { MockScenario, ScenarioContext, ScenarioName } from './scenarios.js';
