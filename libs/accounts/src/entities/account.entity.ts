import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An account: orders, idempotency keys and limits belong to it. Null limits follow the engine's settings. */
@Entity({ name: 'accounts' })
export class Account {
  @PrimaryColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 64 }) name: string;
  @Column({ name: 'orders_per_second', type: 'int', nullable: true }) ordersPerSecond: number | null;
  @Column({ name: 'reads_per_second', type: 'int', nullable: true }) readsPerSecond: number | null;
  @Column({ name: 'max_open_orders', type: 'int', nullable: true }) maxOpenOrders: number | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
