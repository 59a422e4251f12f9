#!/usr/bin/env node
// Replaced when issue #3 lands.
console.error('npm run start: arrives with issue #3; not available yet.');
process.exit(1);
