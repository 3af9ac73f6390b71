import { Inject, Injectable } from '@nestjs/common';
import { accountsConfig, AccountsConfig } from '@app/config';
import { AuthenticatedAccount, PUBLIC_ACCOUNT_ID, PUBLIC_ACCOUNT_NAME } from './domain/account';
import { InvalidTicketError, UnauthenticatedError } from './domain/account-errors';
import { ApiKeys } from './api-keys';
import { WsTickets } from './ws-tickets/ws-tickets.service';

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
    private readonly tickets: WsTickets,
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

  /** The account a request without a key acts as: `public` in open mode, none in required mode. */
  get anonymous(): AuthenticatedAccount | undefined {
    return this.cfg.authMode === 'open' ? this.publicAccount : undefined;
  }

  /**
   * Who a WebSocket upgrade acts for: the account of its `?ticket=` (single use; a browser cannot
   * send headers on a WebSocket), else as for any request, from its headers. An invalid ticket is
   * refused (InvalidTicketError), never taken for a request without credentials.
   */
  async authenticateUpgrade(url: string, headers: HeaderBag): Promise<AuthenticatedAccount> {
    const query = url.indexOf('?');
    const ticket = query < 0 ? null : new URLSearchParams(url.slice(query + 1)).get('ticket');
    if (ticket === null) return this.authenticate(headers);
    const account = await this.tickets.redeem(ticket);
    if (!account) throw new InvalidTicketError();
    return account;
  }
}

const ACCOUNT = Symbol('account');

/** Records on an upgrade request the account it was admitted as, for the gateway that serves it. */
export function attachAccount(request: object, account: AuthenticatedAccount): void {
  (request as { [ACCOUNT]?: AuthenticatedAccount })[ACCOUNT] = account;
}

export function accountOf(request: object): AuthenticatedAccount | undefined {
  return (request as { [ACCOUNT]?: AuthenticatedAccount })[ACCOUNT];
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
