#!/usr/bin/env node
'use strict';
/*
 * `npm run test:faults` runs every fault scenario in full (minutes each); `npm run test:faults -- --quick` runs each
 * in its short form, as `npm test` does. Scenarios start platforms of their own, so they run one at a time.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const jestArgs = args.filter((a) => a !== '--quick');
const root = path.join(__dirname, '..');
// Scenarios that inject faults start platforms of their own; the fuzzing runs against the shared one.
const up = spawnSync(process.execPath, [path.join(root, 'bin', 'shopstream.js'), 'up', '--no-apps'], {
  cwd: root,
  stdio: 'inherit',
});
if (up.status !== 0) process.exit(up.status ?? 1);
const result = spawnSync(
  process.execPath,
  [require.resolve('jest/bin/jest'), '--selectProjects', 'faults', '--runInBand', ...jestArgs],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, SHOPSTREAM_FAULTS: quick ? 'quick' : 'full' },
  },
);
process.exit(result.status ?? 1);
