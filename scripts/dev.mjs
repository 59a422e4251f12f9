#!/usr/bin/env node
// Replaced when issue #6 lands.
console.error('npm run dev: arrives with issue #6; not available yet.');
process.exit(1);
