import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createRedis } from '@app/common';
import { redisConfig, RedisConfig } from '@app/config';
import { Order } from './entities/order.entity';
import { OrderEvent } from './entities/order-event.entity';
import { OrderEventsPublisher } from './events/order-events.publisher';
import { OrderEventsSubscriber } from './events/order-events.subscriber';
import { ORDER_EVENTS_REDIS } from './events/order-events.tokens';
import { OrderStreamController } from './http/order-stream.controller';
import { OrdersController } from './http/orders.controller';
import { ORDER_DISPATCHER, OrderDispatcher } from './order-dispatcher';
import { OrderCancellation } from './order-cancellation';
import { OrderTransitions } from './order-transitions.service';
import { MarketPrices } from './market-prices';
import { OpenOrders } from './open-orders';
import { OrdersService } from './orders.service';
import { OrderEventsRepository } from './persistence/order-events.repository';
import { OrderTransitionsRepository } from './persistence/order-transitions.repository';
import { OrdersRepository } from './persistence/orders.repository';
import { WaitingOrdersRepository } from './persistence/waiting-orders.repository';
import { OrdersGateway } from './ws/orders.gateway';

export interface OrdersModuleOptions {
  /** Modules that provide the dispatcher class. */
  imports: ModuleMetadata['imports'];
  /** The OrderDispatcher implementation that enqueues orders for execution. */
  dispatcher: Type<OrderDispatcher>;
  /** Serve the HTTP controller and the WebSocket gateway (the api role); the worker needs neither. */
  http: boolean;
}

/** Orders: storage, the state machine, the event stream and (in the api role) their HTTP/WS faces. */
@Module({})
export class OrdersModule {
  static forRoot(options: OrdersModuleOptions): DynamicModule {
    return {
      module: OrdersModule,
      global: true,
      imports: [TypeOrmModule.forFeature([Order, OrderEvent]), ...(options.imports ?? [])],
      controllers: options.http ? [OrdersController, OrderStreamController] : [],
      providers: [
        OrdersRepository,
        OrderTransitionsRepository,
        OrderEventsRepository,
        WaitingOrdersRepository,
        OpenOrders,
        MarketPrices,
        OrdersService,
        OrderCancellation,
        OrderTransitions,
        OrderEventsPublisher,
        OrderEventsSubscriber,
        { provide: ORDER_DISPATCHER, useExisting: options.dispatcher },
        {
          provide: ORDER_EVENTS_REDIS,
          inject: [redisConfig.KEY],
          useFactory: (cfg: RedisConfig) => createRedis(cfg.endpoint, 'publisher'),
        },
        ...(options.http ? [OrdersGateway] : []),
      ],
      exports: [
        OrdersService,
        OrderTransitions,
        OrdersRepository,
        WaitingOrdersRepository,
        MarketPrices,
        OrderEventsSubscriber,
        ORDER_EVENTS_REDIS,
        ORDER_DISPATCHER,
      ],
    };
  }
}
