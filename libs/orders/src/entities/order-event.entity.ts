import { Column, Entity, PrimaryColumn } from 'typeorm';
import { OrderStatus } from '../domain/order-status';

/** One numbered step of an order's life; `seq` starts at 1 and has no gaps. */
@Entity({ name: 'order_events' })
export class OrderEvent {
  @PrimaryColumn({ name: 'order_id', type: 'uuid' }) orderId: string;
  @PrimaryColumn({ type: 'int' }) seq: number;
  @Column({ type: 'varchar' }) status: OrderStatus;
  @Column({ type: 'int' }) attempt: number;
  @Column({ type: 'jsonb' }) details: Record<string, unknown>;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
