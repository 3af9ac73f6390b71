import { ApiKeys, CreatedKey, KeySummary } from '@app/accounts';

/** What `npm run keys -- …` can be asked, after its words were read. */
export type KeysRequest =
  | { command: 'create'; account: string; label?: string; admin: boolean; json: boolean; limits: Record<string, number> }
  | { command: 'list'; json: boolean }
  | { command: 'revoke'; idOrPrefix: string; json: boolean }
  | { command: 'help' };

export class UsageError extends Error {}

export const USAGE = `Usage: npm run keys -- <command> [options]

  create --name <account> [--label <key name>] [--admin]
         [--orders-per-second N] [--reads-per-second N] [--max-open-orders N]
      Makes a key for the account (created with its first key) and prints it once.
      Limits given are set on the account (0 = no limit); others follow the engine's settings.
      --admin: the key may also use operator endpoints.
  list                      Lists every key (never the secrets).
  revoke <key id or prefix> Revokes the key: it is refused from the next request on.

  --json  prints one line of JSON (create: { "key": "<secret>", ... }); with npm, use
          "npm run -s keys -- ..." to keep npm's own header off standard output.
  The database is DATABASE_URL (created and migrated if needed), as for the engine.`;

const LIMIT_FLAGS: Record<string, string> = {
  '--orders-per-second': 'ordersPerSecond',
  '--reads-per-second': 'readsPerSecond',
  '--max-open-orders': 'maxOpenOrders',
};
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Reads the command line; throws UsageError naming what is wrong. */
export function parseKeysArgs(argv: string[]): KeysRequest {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i];
    if (!word.startsWith('--')) positional.push(word);
    else if (word === '--json' || word === '--admin') flags.set(word, true);
    else if (i + 1 < rest.length) flags.set(word, rest[++i]);
    else throw new UsageError(`${word} needs a value`);
  }
  const json = flags.get('--json') === true;
  const known = new Set(['--json', ...(command === 'create' ? ['--name', '--label', '--admin', ...Object.keys(LIMIT_FLAGS)] : [])]);
  for (const flag of flags.keys()) if (!known.has(flag)) throw new UsageError(`unknown option ${flag} for ${command}`);
  if (command === 'list') {
    if (positional.length > 0) throw new UsageError('list takes no arguments');
    return { command, json };
  }
  if (command === 'revoke') {
    if (positional.length !== 1) throw new UsageError('revoke takes one key id or prefix');
    return { command, idOrPrefix: positional[0], json };
  }
  if (command !== 'create') throw new UsageError(`unknown command ${command}`);
  if (positional.length > 0) throw new UsageError(`unexpected ${positional[0]}`);
  const account = flags.get('--name');
  if (typeof account !== 'string' || !NAME.test(account)) {
    throw new UsageError('create needs --name <account>: 1 to 64 letters, digits, ".", "_" or "-"');
  }
  const label = flags.get('--label');
  if (label !== undefined && (typeof label !== 'string' || !NAME.test(label))) throw new UsageError('--label: 1 to 64 letters, digits, ".", "_" or "-"');
  const limits: Record<string, number> = {};
  for (const [flag, field] of Object.entries(LIMIT_FLAGS)) {
    const value = flags.get(flag);
    if (value === undefined) continue;
    if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) throw new UsageError(`${flag} takes a whole number`);
    limits[field] = Number(value);
  }
  return { command, account, label: label as string | undefined, admin: flags.get('--admin') === true, json, limits };
}

/** Runs a request; returns what to print and the exit code. */
export async function runKeys(request: KeysRequest, keys: ApiKeys): Promise<{ out: string; code: number }> {
  switch (request.command) {
    case 'help':
      return { out: USAGE, code: 0 };
    case 'create': {
      const created = await keys.create({ account: request.account, name: request.label, admin: request.admin, ...request.limits });
      return { out: request.json ? JSON.stringify(created) : describeCreated(created), code: 0 };
    }
    case 'list': {
      const list = await keys.list();
      return { out: request.json ? JSON.stringify(list) : describeList(list), code: 0 };
    }
    case 'revoke': {
      const revoked = await keys.revoke(request.idOrPrefix);
      if (request.json) return { out: JSON.stringify(revoked), code: revoked.length > 0 ? 0 : 1 };
      if (revoked.length === 0) return { out: `No active key has the id or prefix ${request.idOrPrefix}.`, code: 1 };
      return { out: revoked.map((k) => `Revoked key ${k.prefix} (${k.name}) of account ${k.account}.`).join('\n'), code: 0 };
    }
  }
}

function describeCreated(k: CreatedKey): string {
  return [
    `Created key ${k.prefix} (${k.name}) for account ${k.account}${k.admin ? ', admin' : ''}.`,
    'The key, shown only this once (it is stored as a hash):',
    '',
    `  ${k.key}`,
    '',
    'Send it as "Authorization: Bearer <key>" or "X-API-Key: <key>".',
  ].join('\n');
}

function describeList(list: KeySummary[]): string {
  if (list.length === 0) return 'No keys yet. Make one: npm run keys -- create --name <account>';
  const rows = list.map((k) => [k.prefix, k.name, k.account, k.admin ? 'admin' : '', k.revokedAt ? `revoked ${k.revokedAt}` : 'active', k.createdAt]);
  const head = ['prefix', 'name', 'account', 'role', 'state', 'created'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}
