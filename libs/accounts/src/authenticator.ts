import { Inject, Injectable } from '@nestjs/common';
import { accountsConfig, AccountsConfig } from '@app/config';
import { AuthenticatedAccount, PUBLIC_ACCOUNT_ID, PUBLIC_ACCOUNT_NAME } from './domain/account';
import { UnauthenticatedError } from './domain/account-errors';
import { ApiKeys } from './api-keys';

export type HeaderBag = Record<string, string | string[] | undefined>;

/**
 * Decides who a request acts for, from `Authorization: Bearer <key>` or `X-API-Key: <key>`:
 * a valid key's account; with no key, the built-in `public` account in AUTH_MODE=open, and
 * UnauthenticatedError in AUTH_MODE=required. A key that is sent but not valid is refused in
 * either mode (InvalidApiKeyError), so a typo is never silently served as `public`.
 */
@Injectable()
export class Authenticator {
  private readonly publicAccount: AuthenticatedAccount;

  constructor(
    private readonly keys: ApiKeys,
    @Inject(accountsConfig.KEY) private readonly cfg: AccountsConfig,
  ) {
    this.publicAccount = {
      id: PUBLIC_ACCOUNT_ID,
      name: PUBLIC_ACCOUNT_NAME,
      admin: false,
      limits: { ordersPerSecond: cfg.ordersPerSecond, readsPerSecond: cfg.readsPerSecond, maxOpenOrders: cfg.maxOpenOrders },
      keyId: null,
    };
  }

  get mode(): 'open' | 'required' {
    return this.cfg.authMode;
  }

  async authenticate(headers: HeaderBag): Promise<AuthenticatedAccount> {
    const key = presentedKey(headers);
    if (key !== undefined) return this.keys.authenticate(key);
    if (this.cfg.authMode === 'open') return this.publicAccount;
    throw new UnauthenticatedError();
  }

  /** The account with no key in open mode (a WebSocket ticket names its account instead). */
  get anonymous(): AuthenticatedAccount | undefined {
    return this.cfg.authMode === 'open' ? this.publicAccount : undefined;
  }
}

/** The key of a request, if it sent one; an empty or malformed header counts as a key (refused). */
export function presentedKey(headers: HeaderBag): string | undefined {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const authorization = header('authorization');
  if (authorization !== undefined) {
    const match = /^Bearer[ \t]+(\S*)[ \t]*$/i.exec(authorization);
    return match ? match[1] : authorization;
  }
  return header('x-api-key');
}
