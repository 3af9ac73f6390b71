import { DataSource } from 'typeorm';
import type { AdHocLaunchRecord, LaunchStore } from '@app/dex';

interface LaunchRow {
  seq: string;
  launchSlot: string;
  announcedAt: Date;
}

const COLUMNS = `seq, launch_slot AS "launchSlot", announced_at AS "announcedAt"`;

/**
 * Every statement on `sim_launches`: the LaunchStore of the dex's LaunchCatalog. Each process reads
 * the latest rows every second (one index range scan on the primary key), so a reader never
 * depends on sequence numbers committing in order.
 */
export class LaunchesRepository implements LaunchStore {
  constructor(private readonly db: DataSource) {}

  async create(launch: { launchSlot: number; announcedAtMs: number }): Promise<AdHocLaunchRecord> {
    const rows: LaunchRow[] = await this.db.query(
      `INSERT INTO sim_launches (launch_slot, announced_at) VALUES ($1, $2) RETURNING ${COLUMNS}`,
      [launch.launchSlot, new Date(launch.announcedAtMs)],
    );
    return toRecord(rows[0]);
  }

  async latest(limit: number): Promise<AdHocLaunchRecord[]> {
    const rows: LaunchRow[] = await this.db.query(`SELECT ${COLUMNS} FROM sim_launches ORDER BY seq DESC LIMIT $1`, [limit]);
    return rows.map(toRecord);
  }
}

/** bigint columns come back from pg as strings; slots and sequences fit a number by far. */
function toRecord(row: LaunchRow): AdHocLaunchRecord {
  return { seq: Number(row.seq), launchSlot: Number(row.launchSlot), announcedAtMs: row.announcedAt.getTime() };
}
