#!/usr/bin/env node
// Runs the compiled CLI. `npm install` builds it (the `prepare` script); after changing code, `npm run build`.
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write(
    'shopstream: the CLI is not built yet. Run `npm install` (or `npm run build`) in the repository first.\n',
  );
  process.exit(1);
}
require(entry);
