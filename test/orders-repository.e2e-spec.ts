import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Order, OrderEvent } from '@app/orders';
import { testDb } from './support/engine';
import { startWorkerContext } from './support/worker-context';

describe('the orders tables and their entities', () => {
  let context: INestApplicationContext;
  let db: Client;

  beforeAll(async () => {
    context = await startWorkerContext();
    db = await testDb();
  });

  afterAll(async () => {
    await db.end();
    await context.close();
  });

  it.each([
    ['orders', Order],
    ['order_events', OrderEvent],
  ])('the %s entity describes every column of its table, and no other', async (table, entity) => {
    const metadata = context.get<DataSource>(getDataSourceToken()).getMetadata(entity);
    const described = metadata.columns.map((c) => c.databaseName).sort();
    const { rows } = await db.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
      [table],
    );
    expect(described).toEqual(rows.map((r) => r.column_name).sort());
  });
});
