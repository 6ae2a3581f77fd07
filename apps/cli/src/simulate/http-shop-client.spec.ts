import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { HttpShopClient } from './http-shop-client';

describe('HttpShopClient reading the query API', () => {
  let server: Server;
  let answers: number[];
  let asked = 0;
  let queryUrl = '';
  // Never connected: the reads under test go to the query API only.
  const db = new Pool({ max: 1 });

  beforeEach(async () => {
    asked = 0;
    server = createServer((request, response) => {
      const status = answers[asked++] ?? 200;
      if (status === 503) {
        response.writeHead(503, { 'content-type': 'application/json' });
        return response.end('{"error":"DATABASE_UNAVAILABLE","message":"PostgreSQL could not be reached"}');
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ orderId: request.url!.split('/').pop(), status: 'CONFIRMED' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    queryUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  afterAll(() => db.end());

  it('waits out the 503s of a query API that briefly has no database connection', async () => {
    answers = [503, 503, 200];
    const client = new HttpShopClient('http://127.0.0.1:1', 'secret', db, queryUrl);
    const statuses = await client.readModelStatuses(['order-1']);
    expect(statuses.get('order-1')).toBe('CONFIRMED');
    expect(asked).toBe(3);
  });
});
