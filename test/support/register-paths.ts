import { join } from 'node:path';
import { loadConfig, register } from 'tsconfig-paths';

/**
 * Makes the `@app/*` aliases of tsconfig.json resolve under Node's own `require`. jest loads its
 * globalSetup with Node, not with its module system, so the `moduleNameMapper` of the jest configs
 * does not apply there: global-setup.ts imports this file before any `@app/*` import.
 */
const config = loadConfig(join(__dirname, '..', '..'));
if (config.resultType === 'failed') throw new Error(`cannot read the path aliases of tsconfig.json: ${config.message}`);
register({ baseUrl: config.absoluteBaseUrl, paths: config.paths, addMatchAll: false });
