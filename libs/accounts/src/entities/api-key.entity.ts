import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An API key of an account: its public prefix and the hash of its secret (never the secret). */
@Entity({ name: 'api_keys' })
export class ApiKey {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'account_id', type: 'uuid' }) accountId: string;
  @Column({ type: 'varchar', length: 64 }) name: string;
  @Column({ type: 'varchar', length: 32 }) prefix: string;
  @Column({ name: 'secret_hash', type: 'char', length: 64 }) secretHash: string;
  @Column({ type: 'boolean' }) admin: boolean;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
}
