/** The server's entry, relative to the repository's root. */
export declare const serverEntry: string;
/** Node's arguments before the entry (source condition, tsx). */
export declare const sourceNodeArgs: readonly string[];
/** Build steps run before the server starts. */
export declare const buildSteps: readonly {
  name: string;
  when: () => boolean;
  command: string;
  args: string[];
}[];
/**
 * Run the build steps unless SIMSTREAM_SKIP_BUILD=1; the name of the step that failed, or null.
 *
 * @example
 * const failed = runBuildSteps();
 * if (failed) process.exit(1);
 */
export declare function runBuildSteps(log?: (line: string) => void): string | null;
