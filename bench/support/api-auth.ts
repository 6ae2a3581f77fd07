import { clientApiKey } from '@shopstream/access';
import { loadConfig } from '@shopstream/config';

/**
 * The `Authorization` header the benchmarks send to the APIs: the local admin key `up` made (or SHOPSTREAM_API_KEY),
 * as the CLI's clients do. Empty when there is none, so the API's 401 names what is missing.
 */
export function apiAuthHeaders(): Record<string, string> {
  const config = loadConfig();
  const key = clientApiKey(config.security, config.home);
  return key ? { authorization: `Bearer ${key}` } : {};
}
