import { Column, Entity, PrimaryColumn } from 'typeorm';
import { OrderStatus } from '../domain/order-status';
import { OrderType } from '../domain/order-type';
import { bigintTransformer } from './bigint.transformer';

/**
 * One swap order. Amounts are base units of their token (SOL 9 decimals, USDC 6).
 *
 * Every column of the `orders` table is described here (an e2e test holds the two together). The
 * bookkeeping columns that no view shows (idempotency and recovery) are `select: false`, so reads
 * of orders do not fetch them; the repository reads and writes them with its own statements.
 */
@Entity({ name: 'orders' })
export class Order {
  @PrimaryColumn('uuid') id: string;
  /** The account that placed it; every read, listing and stream is scoped to it. */
  @Column({ name: 'account_id', type: 'uuid' }) accountId: string;
  /** 1, 2, 3… in acceptance order (a bigserial; a JS number is exact far beyond any real count). */
  @Column({ type: 'bigint', insert: false, update: false, transformer: { to: (v: unknown) => v, from: (v: string) => Number(v) } })
  number: number;
  @Column({ name: 'token_in', type: 'varchar' }) tokenIn: string;
  @Column({ name: 'token_out', type: 'varchar' }) tokenOut: string;
  @Column({ name: 'amount_in', type: 'numeric', transformer: bigintTransformer }) amountIn: bigint;
  @Column({ name: 'slippage_bps', type: 'int' }) slippageBps: number;
  @Column({ type: 'varchar' }) status: OrderStatus;
  @Column({ type: 'int' }) attempt: number;
  @Column({ name: 'last_seq', type: 'int' }) lastSeq: number;
  @Column({ type: 'varchar', nullable: true }) venue: string | null;
  @Column({ type: 'jsonb', nullable: true }) route: Record<string, unknown> | null;
  @Column({ name: 'min_amount_out', type: 'numeric', nullable: true, transformer: bigintTransformer })
  minAmountOut: bigint | null;
  @Column({ name: 'amount_out', type: 'numeric', nullable: true, transformer: bigintTransformer })
  amountOut: bigint | null;
  @Column({ name: 'tx_hash', type: 'varchar', nullable: true }) txHash: string | null;
  /** The built and submitted transaction of the current attempt, kept so a rerun job can resume. */
  @Column({ type: 'jsonb', nullable: true }) execution: Record<string, unknown> | null;
  @Column({ type: 'text', nullable: true }) error: string | null;
  @Column({ name: 'error_code', type: 'varchar', nullable: true }) errorCode: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column({ type: 'varchar', length: 16 }) type: OrderType;
  /** Limit and stop: tokenOut per tokenIn in token units (an exact decimal). */
  @Column({ name: 'trigger_price', type: 'numeric', nullable: true }) triggerPrice: string | null;
  /** A limit's guarantee (or a sniper's, from maxPrice): the least output, in tokenOut base units. */
  @Column({ name: 'min_out_floor', type: 'numeric', nullable: true, transformer: bigintTransformer })
  minOutFloor: bigint | null;
  /** Sniper: the most SOL per token in token units. */
  @Column({ name: 'max_price', type: 'numeric', nullable: true }) maxPrice: string | null;
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true }) expiresAt: Date | null;
  /** Set when a waiting order's trigger fired and its job was dispatched; cleared if it waits again. */
  @Column({ name: 'triggered_at', type: 'timestamptz', nullable: true }) triggeredAt: Date | null;
  /** Sniper: SOL (gross, lamports) that snipers ahead of it put into its launch's curve in the launch slot. */
  @Column({ name: 'launch_sol_before', type: 'numeric', nullable: true, transformer: bigintTransformer })
  launchSolBefore: bigint | null;
  /** 'auto' or micro-lamports per compute unit; null: the engine's default. */
  @Column({ name: 'priority_fee', type: 'varchar', length: 24, nullable: true }) priorityFee: string | null;
  @Column({ name: 'jito_tip_lamports', type: 'numeric', nullable: true, transformer: bigintTransformer })
  jitoTipLamports: bigint | null;
  /** With priority_fee 'auto': the most the priority fee may cost, in lamports. */
  @Column({ name: 'max_priority_fee_lamports', type: 'numeric', nullable: true, transformer: bigintTransformer })
  maxPriorityFeeLamports: bigint | null;
  /** Network fees the landed transaction paid (signature, priority fee, tip), in lamports. */
  @Column({ name: 'fee_lamports', type: 'numeric', nullable: true, transformer: bigintTransformer })
  feeLamports: bigint | null;
  /** The client's Idempotency-Key, unique within its account; null when none was sent. */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 255, nullable: true, select: false })
  idempotencyKey: string | null;
  /** Fingerprint of the normalised request a repeat of the key must match. */
  @Column({ name: 'request_hash', type: 'char', length: 64, nullable: true, select: false })
  requestHash: string | null;
  /** When the statement that stored it committed, by the database's clock: from then on it is accepted. */
  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true, select: false })
  acceptedAt: Date | null;
  /** How many times the reconciler enqueued the order again after it lost its job. */
  @Column({ type: 'int', default: 0, select: false })
  recoveries: number;
}
