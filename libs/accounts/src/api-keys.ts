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

/** Making, listing, revoking and checking API keys. */
export class ApiKeys {
  constructor(
    private readonly repository: AccountsRepository,
    private readonly defaults: AccountLimits,
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
    return (await this.repository.revokeKey(idOrPrefix)).map(summary);
  }

  /**
   * The account a key acts for. Throws InvalidApiKeyError for a malformed, unknown or revoked key,
   * alike, so a caller learns nothing about which. Read from the database on every call, so a
   * revoked key is refused from the next request on.
   */
  async authenticate(text: string): Promise<AuthenticatedAccount> {
    const parsed = parseApiKey(text);
    const record = parsed ? await this.repository.findByPrefix(parsed.prefix) : null;
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
