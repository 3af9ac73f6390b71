import { randomUUID } from 'node:crypto';
import { AccountLimits, AuthenticatedAccount, effectiveLimits } from './domain/account';
import { InvalidApiKeyError } from './domain/account-errors';
import { generateApiKey, parseApiKey, secretMatches } from './domain/api-key';
import { AccountsRepository, KeyRecord, LimitsPatch } from './persistence/accounts.repository';

export interface CreateKeyOptions extends LimitsPatch {
  /** The account the key acts for; created on its first key. */
  account: string;
  /** A label for the key; the account's name when not given. */
  name?: string;
  admin?: boolean;
}

/** A key as `keys list` shows it: everything but the secret, which is never stored. */
export interface KeySummary {
  id: string;
  name: string;
  account: string;
  accountId: string;
  prefix: string;
  admin: boolean;
  createdAt: string;
  revokedAt: string | null;
  limits: { ordersPerSecond: number | null; readsPerSecond: number | null; maxOpenOrders: number | null };
}

export interface CreatedKey extends KeySummary {
  /** The whole key: shown this once. */
  key: string;
}

/**
 * How long a key read from the database is trusted without reading it again. Every request
 * presents its key; reading it each time cost the api a statement and its parsing per order.
 * A key revoked by this process is forgotten at once; by another process (another api, the keys
 * command), within this time.
 */
export const KEY_CACHE_MS = 1000;
const KEY_CACHE_SIZE = 10_000;

/** Making, listing, revoking and checking API keys. */
export class ApiKeys {
  private readonly cache = new Map<string, { record: KeyRecord | null; readAt: number }>();

  constructor(
    private readonly repository: AccountsRepository,
    private readonly defaults: AccountLimits,
    private readonly cacheMs = 0,
  ) {}

  async create(options: CreateKeyOptions): Promise<CreatedKey> {
    const accountId = await this.repository.upsertAccount(options.account, options);
    const made = generateApiKey();
    const id = randomUUID();
    const name = options.name ?? options.account;
    await this.repository.insertKey({ id, accountId, name, prefix: made.prefix, secretHash: made.secretHash, admin: !!options.admin });
    const stored = (await this.repository.listKeys()).find((k) => k.keyId === id)!;
    return { key: made.key, ...summary(stored) };
  }

  async list(): Promise<KeySummary[]> {
    return (await this.repository.listKeys()).map(summary);
  }

  async revoke(idOrPrefix: string): Promise<KeySummary[]> {
    const revoked = await this.repository.revokeKey(idOrPrefix);
    for (const key of revoked) this.cache.delete(key.prefix);
    return revoked.map(summary);
  }

  /**
   * The account a key acts for. Throws InvalidApiKeyError for a malformed, unknown or revoked key,
   * alike, so a caller learns nothing about which. Read from the database at most once per
   * KEY_CACHE_MS (when caching is on), so a revoked key is refused within that time.
   */
  async authenticate(text: string): Promise<AuthenticatedAccount> {
    const parsed = parseApiKey(text);
    const record = parsed ? await this.lookup(parsed.prefix) : null;
    if (!parsed || !record || record.revokedAt !== null || !secretMatches(parsed.secret, record.secretHash)) {
      throw new InvalidApiKeyError();
    }
    return {
      id: record.accountId,
      name: record.accountName,
      admin: record.admin,
      limits: effectiveLimits(record, this.defaults),
      keyId: record.keyId,
    };
  }

  private async lookup(prefix: string): Promise<KeyRecord | null> {
    if (this.cacheMs <= 0) return this.repository.findByPrefix(prefix);
    const cached = this.cache.get(prefix);
    if (cached && Date.now() - cached.readAt < this.cacheMs) return cached.record;
    const record = await this.repository.findByPrefix(prefix);
    if (this.cache.size >= KEY_CACHE_SIZE) this.cache.clear();
    this.cache.set(prefix, { record, readAt: Date.now() });
    return record;
  }
}

function summary(r: KeyRecord): KeySummary {
  return {
    id: r.keyId,
    name: r.keyName,
    account: r.accountName,
    accountId: r.accountId,
    prefix: r.prefix,
    admin: r.admin,
    createdAt: new Date(r.createdAt).toISOString(),
    revokedAt: r.revokedAt === null ? null : new Date(r.revokedAt).toISOString(),
    limits: { ordersPerSecond: r.ordersPerSecond, readsPerSecond: r.readsPerSecond, maxOpenOrders: r.maxOpenOrders },
  };
}
