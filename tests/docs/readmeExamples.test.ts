import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(`${repoRoot}${path}`, 'utf8');

/** Every README code block marked `<!-- example: path -->`, with the file it claims to be. */
function markedBlocks(readme: string): { path: string; code: string }[] {
  const marked = /<!-- example: (\S+) -->\n```\w*\n([\s\S]*?)```/g;
  return [...readme.matchAll(marked)].map(([, path, code]) => ({ path: path!, code: code! }));
}

describe('README examples', () => {
  // The README shows the example app's own files, so it compiles and runs as the example
  // does; this keeps the copy word for word.
  const blocks = markedBlocks(read('README.md'));

  it('marks the app and the useWebSocket snippet', () => {
    expect(blocks.map((b) => b.path)).toEqual([
      'examples/vite/src/App.tsx',
      'examples/vite/src/DefaultAlerts.tsx',
    ]);
  });

  it.each(blocks)('$path is the file in the repository', ({ path, code }) => {
    expect(code).toBe(read(path));
  });
});
