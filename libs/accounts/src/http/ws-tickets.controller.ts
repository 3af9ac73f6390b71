import { Controller, HttpCode, Post } from '@nestjs/common';
import { AuthenticatedAccount } from '../domain/account';
import { IssuedTicket, WsTickets } from '../ws-tickets/ws-tickets.service';
import { CurrentAccount, RateLimited } from './account.decorators';

/** POST /api/ws-tickets: a single-use ticket for opening a WebSocket as this account (`?ticket=`). */
@Controller('api/ws-tickets')
export class WsTicketsController {
  constructor(private readonly tickets: WsTickets) {}

  @Post()
  @HttpCode(201)
  @RateLimited('reads')
  issue(@CurrentAccount() account: AuthenticatedAccount): Promise<IssuedTicket> {
    return this.tickets.issue(account);
  }
}
