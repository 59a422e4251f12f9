#!/usr/bin/env node
// Placeholder for a root script whose capability lands with a later issue.
const [, , script, issue] = process.argv;
console.error(`npm run ${script}: arrives with issue #${issue}; not available yet.`);
process.exit(1);
