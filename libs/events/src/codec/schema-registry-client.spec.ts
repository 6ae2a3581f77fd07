import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { SchemaRegistryClient } from './schema-registry-client';

/** A registry that never answers the first registration it gets, as the one `up` once hung on. */
function registryDroppingFirstRegistration(): Promise<{
  url: string;
  posts: () => number;
  close: () => void;
}> {
  let posts = 0;
  const server = http.createServer((request, response) => {
    const json = (body: unknown) => {
      response.setHeader('content-type', 'application/vnd.schemaregistry.v1+json');
      response.end(JSON.stringify(body));
    };
    request.resume();
    request.on('end', () => {
      if (request.method === 'GET' && request.url?.startsWith('/config'))
        return json({ compatibilityLevel: 'BACKWARD_TRANSITIVE' });
      if (request.method === 'POST' && /\/subjects\/[^/]+\/versions$/.test(request.url ?? '')) {
        posts++;
        if (posts === 1) return; // no answer at all
        return json({ id: 7 });
      }
      response.statusCode = 404;
      json({ error_code: 40401, message: 'not found' });
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        posts: () => posts,
        close: () => {
          server.closeAllConnections();
          server.close();
        },
      }),
    ),
  );
}

describe('SchemaRegistryClient.register', () => {
  it('sends a registration again when the registry gave no answer, and gets the id', async () => {
    const registry = await registryDroppingFirstRegistration();
    try {
      const client = new SchemaRegistryClient(registry.url, 300);
      const schema = { type: 'record', name: 'Probe', namespace: 'test', fields: [] };
      await expect(client.register('test-Probe', schema)).resolves.toBe(7);
      expect(registry.posts()).toBe(2);
    } finally {
      registry.close();
    }
  });
});
