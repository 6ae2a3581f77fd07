import { apiAuthHeaders } from '../support/api-auth';

/**
 * Every request the query benches send is built here, autocannon's and fetch's alike: when the query API asks for
 * credentials, the header goes in `queryHeaders` and every measurement carries it.
 */
export function queryHeaders(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { ...apiAuthHeaders(), ...extra };
}

/** One GET of the query API, as the benches send it. */
export function getQuery(url: string, extra: Readonly<Record<string, string>> = {}): Promise<Response> {
  return fetch(url, { headers: queryHeaders(extra) });
}

/** An autocannon request of a path, the headers included. */
export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
  setupRequest?: (request: LoadRequest) => LoadRequest;
}

/** Requests that go through `paths` in turn, one per request: a hot set of keys rather than one key. */
export function rotatingRequests(paths: readonly string[]): LoadRequest[] {
  let i = 0;
  return [
    {
      path: paths[0]!,
      headers: queryHeaders(),
      setupRequest: (request) => ({ ...request, path: paths[i++ % paths.length]! }),
    },
  ];
}
