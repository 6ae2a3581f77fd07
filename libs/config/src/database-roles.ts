import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from './config.errors';

/**
 * The apps that connect to the shop's database, each as its own PostgreSQL role, and the suffix of that role's name.
 * The grants of each role live in the roles migration of libs/database.
 */
export const APP_DATABASE_ROLES = {
  commerceApi: 'commerce_api',
  processor: 'processor',
  projector: 'projector',
  queryApi: 'query_api',
  liveGateway: 'live_gateway',
  loyalty: 'loyalty',
} as const;

export type DatabaseApp = keyof typeof APP_DATABASE_ROLES;

export const DATABASE_APPS = Object.keys(APP_DATABASE_ROLES) as DatabaseApp[];

/** PostgreSQL truncates longer identifiers, which would make two roles' names collide silently. */
const MAX_IDENTIFIER = 63;

/**
 * The role an app uses in `database`. Roles are cluster-wide while every platform on a server has its own database,
 * so the name starts with the database's: two platforms never share, or fight over, a role or its password.
 */
export function appRoleName(database: string, app: DatabaseApp): string {
  return prefixedRoleName(database, APP_DATABASE_ROLES[app]);
}

/** The role the schema registry uses in its own database. */
export function registryRoleName(registryDatabase: string): string {
  return prefixedRoleName(registryDatabase, 'registry');
}

function prefixedRoleName(database: string, suffix: string): string {
  const name = `${database}_${suffix}`;
  if (name.length > MAX_IDENTIFIER)
    throw new ConfigError([
      `database ${database}: its role ${name} would be longer than PostgreSQL's ${MAX_IDENTIFIER} characters; ` +
        `use a database name of at most ${MAX_IDENTIFIER - suffix.length - 1} characters`,
    ]);
  return name;
}

/** The database a postgres:// URL names. */
export function databaseOfUrl(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** The user a postgres:// URL connects as ('' when it names none). */
export function userOfUrl(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/** The same server and database as `url`, as `role` with `password` (none: the server's auth decides). */
export function urlForRole(url: string, role: string, password?: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(role);
  parsed.password = password ? encodeURIComponent(password) : '';
  return parsed.toString();
}

/** Where `up` keeps the generated password of a role, readable by its owner only. */
export function rolePasswordFile(home: string, role: string): string {
  return path.join(home, 'secrets', `postgres-${role}.password`);
}

/** The generated password of `role`, when `up` has made one. */
export function readRolePassword(home: string, role: string): string | undefined {
  try {
    const text = fs.readFileSync(rolePasswordFile(home, role), 'utf8').trim();
    return text.length > 0 ? text : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A URL with its password replaced, for status lines and errors. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
