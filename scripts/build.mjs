#!/usr/bin/env node
// Replaced when issue #4 lands.
console.error('npm run build: arrives with issue #4; not available yet.');
process.exit(1);
