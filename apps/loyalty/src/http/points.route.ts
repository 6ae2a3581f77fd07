import type * as http from 'node:http';
import type { Pool } from 'pg';
import type { PointsStore } from '../points/points.store';

const ROUTE = /^\/customers\/([^/]+)\/points$/;

/** GET /customers/:customerId/points → `{ customerId, points, entries }`; a malformed id gets a 400. */
export function pointsRoute(store: PointsStore, pool: Pool) {
  return (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
    const match = ROUTE.exec((req.url ?? '').split('?')[0] ?? '');
    if (!match) return false;
    const reply = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method !== 'GET') {
      reply(405, { error: 'use GET' });
      return true;
    }
    let customerId: string;
    try {
      customerId = decodeURIComponent(match[1]!);
    } catch {
      reply(400, { error: 'the customer id is not valid URL encoding' });
      return true;
    }
    if (customerId.length === 0 || customerId.length > 200) {
      reply(400, { error: 'a customer id has 1 to 200 characters' });
      return true;
    }
    store
      .balance(pool, customerId)
      .then((b) => reply(200, { customerId, ...b }))
      .catch((error: unknown) => reply(503, { error: `points are not readable now: ${String(error)}` }));
    return true;
  };
}
