import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ACCOUNT_ERRORS, ApiErrors, ApiExampleRequests, RATE_LIMIT_HEADERS } from '@app/common';
import { AuthenticatedAccount } from '../domain/account';
import { IssuedTicket, WsTickets } from '../ws-tickets/ws-tickets.service';
import { CurrentAccount, RateLimited } from './account.decorators';

/** The 201 of POST /api/ws-tickets, for the OpenAPI document. */
class IssuedTicketResponse implements IssuedTicket {
  @ApiProperty({
    description: 'Open `/ws/orders/<id>?ticket=<ticket>` with it: once, within 30 s, as this account.',
    example: 'kq3Jd0bX9v1cN7mR2tY5wZ8aE4hG6uL0pS3fB1nQ7xM',
  })
  ticket: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;
}

/** POST /api/ws-tickets: a single-use ticket for opening a WebSocket as this account (`?ticket=`). */
@ApiTags('WebSocket')
@Controller('api/ws-tickets')
export class WsTicketsController {
  constructor(private readonly tickets: WsTickets) {}

  @Post()
  @HttpCode(201)
  @RateLimited('reads')
  @ApiOperation({
    operationId: 'issueWsTicket',
    summary: 'A single-use WebSocket ticket',
    description: 'A browser cannot set headers on a WebSocket: it opens `/ws/orders/<id>?ticket=<ticket>` instead. Spends a read.',
  })
  @ApiResponse({ status: 201, type: IssuedTicketResponse, description: 'The ticket.', headers: RATE_LIMIT_HEADERS })
  @ApiErrors(...ACCOUNT_ERRORS)
  @ApiExampleRequests({ issue: { summary: 'A ticket for the caller\'s account', status: 201 } })
  issue(@CurrentAccount() account: AuthenticatedAccount): Promise<IssuedTicket> {
    return this.tickets.issue(account);
  }
}
