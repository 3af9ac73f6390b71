import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { accountsConfig, AccountsConfig, edgeConfig, EdgeConfig } from '@app/config';
import { ApiKeys, KEY_CACHE_MS } from './api-keys';
import { Authenticator } from './authenticator';
import { Account } from './entities/account.entity';
import { ApiKey } from './entities/api-key.entity';
import { AccountGuard } from './http/account.guard';
import { WsTicketsController } from './http/ws-tickets.controller';
import { AccountsRepository } from './persistence/accounts.repository';
import { RateLimiter } from './rate-limit/rate-limiter';
import { WsTickets } from './ws-tickets/ws-tickets.service';

/**
 * Accounts, API keys, authentication and per-account rate limits, for the api role. Registers
 * AccountGuard on every route (routes marked @PublicRoute() are exempt).
 */
@Module({})
export class AccountsModule {
  static forRoot(): DynamicModule {
    return {
      module: AccountsModule,
      global: true,
      imports: [TypeOrmModule.forFeature([Account, ApiKey])],
      controllers: [WsTicketsController],
      providers: [
        {
          provide: AccountsRepository,
          inject: [getDataSourceToken(), edgeConfig.KEY],
          useFactory: (db: DataSource, edge: EdgeConfig) => new AccountsRepository(db, edge.groupQueueLimit),
        },
        {
          provide: ApiKeys,
          inject: [AccountsRepository, accountsConfig.KEY],
          useFactory: (repository: AccountsRepository, cfg: AccountsConfig) =>
            new ApiKeys(
              repository,
              { ordersPerSecond: cfg.ordersPerSecond, readsPerSecond: cfg.readsPerSecond, maxOpenOrders: cfg.maxOpenOrders },
              KEY_CACHE_MS,
            ),
        },
        Authenticator,
        RateLimiter,
        WsTickets,
        { provide: APP_GUARD, useClass: AccountGuard },
      ],
      exports: [ApiKeys, Authenticator, RateLimiter, WsTickets],
    };
  }
}
