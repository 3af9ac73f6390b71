#!/usr/bin/env node
// `npm run test:faults [-- --full] [jest args]`: jest refuses arguments it does not know, so
// --full is taken here and passed on as FAULTS_SCALE=full; everything else goes to jest.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const args = process.argv.slice(2);
const full = args.includes('--full');
const env = { ...process.env, FAULTS_SCALE: full ? 'full' : process.env.FAULTS_SCALE || 'ci' };
const jest = require.resolve('jest/bin/jest');
const config = join(__dirname, '..', 'jest-faults.json');
const jestArgs = ['--config', config, '--runInBand', ...args.filter((a) => a !== '--full')];
const result = spawnSync(process.execPath, [jest, ...jestArgs], {
  stdio: 'inherit',
  env,
});
process.exit(result.status ?? 1);
