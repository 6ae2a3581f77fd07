import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  appDatabaseVariable,
  DATABASE_APPS,
  DatabaseApp,
  kafkaPassword,
  KafkaPrincipal,
  PlatformConfig,
  readRolePassword,
  urlForRole,
} from '@shopstream/config';
import { loadLiveConfig } from '@shopstream/live';
import { PlatformError, portTaken, serviceDied, serviceNotReady } from '../platform.errors';
import { NODE_PROCESS_FLAGS } from './node-flags';
import { runningPid, sleep, spawnDetached, stopProcess, tailFile } from '../process/managed-process';
import { isPortFree, portOwner } from '../process/port-check';
import { statePaths } from '../state-paths';
import { readSupervisorState, SupervisorArguments } from '../supervision/supervisor-state';

/** The compiled supervisor `up` runs for each app, relative to the repository root. */
export const SUPERVISOR_MAIN = 'dist/libs/platform/src/supervision/supervise-main.js';

export interface AppService {
  readonly name: string;
  /** Compiled entry point, relative to the repository root. */
  readonly main: string;
  readonly port: (config: PlatformConfig) => number;
  readonly portVariable: string;
  readonly healthPath: string;
  /** The Kafka principal the app connects as; an app without one does not use Kafka. */
  readonly kafkaPrincipal?: KafkaPrincipal;
  /** Whose PostgreSQL role the app connects as. */
  readonly database: DatabaseApp;
  /** The variable the app reads its database URL from, when not its SHOPSTREAM_<APP>_DATABASE_URL. */
  readonly databaseVariable?: string;
  /** Variables the app needs from the platform's configuration, for apps that do not read SHOPSTREAM_* themselves. */
  readonly env?: (config: PlatformConfig) => Record<string, string>;
  /** A JSON summary `status` shows beside the app (the query API's cache). */
  readonly statusPath?: string;
  /** Started only when `up` is asked for it by name (`--with <name>`); `status` shows it as off otherwise. */
  readonly optional?: boolean;
}

/**
 * Port of the example downstream app, apps/loyalty. It reads LOYALTY_PORT itself, as a team's app would, so `up` and
 * `status` read the same variable to find it.
 */
export function loyaltyPort(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.LOYALTY_PORT ?? '3002';
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535)
    throw new PlatformError(
      'CONFIG_INVALID',
      `LOYALTY_PORT is '${text}', not a port.`,
      'Set it to 1-65535 or unset it (3002).',
    );
  return port;
}

/**
 * The platform's own processes, in start order: the processor publishes the outbox the API waits on. Last, the
 * example downstream app built only on @shopstream/subscriber, as a team's consumer would run beside the platform.
 */
export const APP_SERVICES: readonly AppService[] = [
  {
    name: 'processor',
    database: 'processor',
    main: 'dist/apps/processor/src/main.js',
    port: (c) => c.ports.processorMetrics,
    portVariable: 'SHOPSTREAM_PROCESSOR_METRICS_PORT',
    healthPath: '/health',
    kafkaPrincipal: 'processor',
  },
  {
    name: 'projector',
    database: 'projector',
    main: 'dist/apps/projector/src/main.js',
    port: (c) => c.ports.projectorMetrics,
    portVariable: 'SHOPSTREAM_PROJECTOR_METRICS_PORT',
    healthPath: '/health',
    kafkaPrincipal: 'projector',
  },
  {
    name: 'commerce-api',
    database: 'commerceApi',
    main: 'dist/apps/commerce-api/src/main.js',
    port: (c) => c.ports.commerceApi,
    portVariable: 'SHOPSTREAM_COMMERCE_API_PORT',
    healthPath: '/health',
    kafkaPrincipal: 'commerce-api',
  },
  {
    name: 'query-api',
    database: 'queryApi',
    main: 'dist/apps/query-api/src/main.js',
    port: (c) => c.ports.queryApi,
    portVariable: 'SHOPSTREAM_QUERY_API_PORT',
    healthPath: '/health',
    statusPath: '/cache',
    // It serves /live, which reads the orders and inventory topics: the live principal's rights, no more.
    kafkaPrincipal: 'live-gateway',
  },
  // The query API serves /live itself; a gateway of its own is for spreading WebSocket clients over more processes.
  {
    name: 'live-gateway',
    database: 'liveGateway',
    main: 'dist/apps/live-gateway/src/main.js',
    port: (c) => loadLiveConfig(c).port,
    portVariable: 'SHOPSTREAM_LIVE_PORT',
    healthPath: '/live/health',
    optional: true,
    kafkaPrincipal: 'live-gateway',
  },
  {
    name: 'loyalty',
    database: 'loyalty',
    main: 'dist/apps/loyalty/src/main.js',
    port: () => loyaltyPort(),
    portVariable: 'LOYALTY_PORT',
    healthPath: '/ready',
    kafkaPrincipal: 'loyalty',
    databaseVariable: 'LOYALTY_DATABASE_URL',
    // A downstream app knows the cluster only by the SDK's two variables and its own database URL.
    env: (c) => ({
      SHOPSTREAM_KAFKA_BROKERS: c.kafka.brokers.join(','),
      SHOPSTREAM_REGISTRY_URL: c.registry.url,
    }),
  },
];

/**
 * The app's database URL: its own variable when the operator set one, else its role on the admin URL's server with
 * the password `up` generated (read now: the first `up` makes it after loading the configuration).
 */
export function appDatabaseUrl(config: PlatformConfig, app: AppService): string {
  const own = config.database.apps[app.database];
  if (own.source !== 'SHOPSTREAM_DATABASE_URL') return own.url;
  return urlForRole(config.database.url, own.role, readRolePassword(config.home, own.role));
}

/**
 * The environment an app starts with: the operator's, less every database URL but its own. The admin URL is
 * replaced by the app's, so an app never holds credentials beyond its role's.
 */
export function appEnvironment(
  config: PlatformConfig,
  app: AppService,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const other of DATABASE_APPS) delete env[appDatabaseVariable(other)];
  delete env.LOYALTY_DATABASE_URL;
  const url = appDatabaseUrl(config, app);
  env.SHOPSTREAM_DATABASE_URL = url;
  env[app.databaseVariable ?? appDatabaseVariable(app.database)] = url;
  return { ...env, ...app.env?.(config) };
}

/** Everything an app process starts with: its environment, its database role and its Kafka principal. */
export function appProcessEnvironment(config: PlatformConfig, app: AppService): NodeJS.ProcessEnv {
  return { ...appEnvironment(config, app), ...kafkaIdentity(config, app) };
}

export function runningApp(config: PlatformConfig, app: AppService): number | null {
  return runningPid(statePaths(config.home).pid(app.name), app.main);
}

/** The pid of the app's supervisor, if it runs. */
export function runningSupervisor(config: PlatformConfig, app: AppService): number | null {
  return runningPid(statePaths(config.home).supervisorPid(app.name), SUPERVISOR_MAIN);
}

export async function isAppHealthy(config: PlatformConfig, app: AppService): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${app.port(config)}${app.healthPath}`, {
      signal: AbortSignal.timeout(2_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/** The app's status summary as one line (`cache up, hit ratio 0.93, ...`), or null when it has none or is down. */
export async function appStatusLine(config: PlatformConfig, app: AppService): Promise<string | null> {
  if (!app.statusPath) return null;
  try {
    const response = await fetch(`http://127.0.0.1:${app.port(config)}${app.statusPath}`, {
      signal: AbortSignal.timeout(2_000),
    });
    if (!response.ok) return null;
    const body = (await response.json()) as Record<string, unknown>;
    const ratio = typeof body.hitRatio === 'number' ? body.hitRatio.toFixed(2) : 'n/a';
    return `cache ${String(body.state)}, hit ratio ${ratio}, ${String(body.fallbacks)} fallback(s), ${String(body.invalidations)} invalidation(s)`;
  } catch (error) {
    return `status unavailable (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** Starts an app from the compiled tree unless it already runs, and waits until it answers its health check. */
export async function ensureApp(
  config: PlatformConfig,
  app: AppService,
  report: (line: string) => void,
): Promise<'running' | 'started'> {
  const paths = statePaths(config.home);
  if (runningApp(config, app) !== null && (await isAppHealthy(config, app))) return 'running';
  const main = path.join(config.root, app.main);
  if (!fs.existsSync(main)) {
    throw new PlatformError(
      'APP_NOT_BUILT',
      `${app.name} is not built (${app.main} is missing).`,
      'Run `npm run build`, then `npx shopstream up` again.',
    );
  }
  const port = app.port(config);
  if (runningApp(config, app) === null && !(await isPortFree(port)))
    throw portTaken(port, app.name, portOwner(port), app.portVariable);
  fs.mkdirSync(paths.logs, { recursive: true });
  fs.mkdirSync(paths.run, { recursive: true });
  const logFile = paths.log(app.name);
  // An app left running by an older `up`, unsupervised, is not started twice.
  if (runningSupervisor(config, app) === null && runningApp(config, app) === null) {
    fs.appendFileSync(logFile, `\n==== shopstream up: starting ${app.name} at ${new Date().toISOString()}\n`);
    const supervision: SupervisorArguments = {
      name: app.name,
      stateFile: paths.supervisorState(app.name),
      pidFile: paths.pid(app.name),
    };
    fs.rmSync(supervision.stateFile, { force: true });
    spawnDetached(
      process.execPath,
      [
        path.join(config.root, SUPERVISOR_MAIN),
        JSON.stringify(supervision),
        process.execPath,
        ...NODE_PROCESS_FLAGS,
        main,
      ],
      {
        cwd: config.root,
        env: appProcessEnvironment(config, app),
        logFile,
        pidFile: paths.supervisorPid(app.name),
      },
    );
    report(`${app.name}: started under its supervisor (port ${port})`);
  }
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (runningSupervisor(config, app) === null && runningApp(config, app) === null) {
      const gaveUp = readSupervisorState(paths.supervisorState(app.name))?.gaveUp;
      throw serviceDied(app.name, logFile, [...(gaveUp ? [gaveUp] : []), ...tailFile(logFile, 30)]);
    }
    if (runningApp(config, app) !== null && (await isAppHealthy(config, app))) return 'started';
    await sleep(300);
  }
  throw serviceNotReady(app.name, 90, logFile, tailFile(logFile, 30));
}

export async function stopApps(config: PlatformConfig, report: (line: string) => void): Promise<void> {
  for (const app of [...APP_SERVICES].reverse()) {
    // The supervisor first, which stops its app: stopped the other way round, it would restart it.
    const supervisor = runningSupervisor(config, app);
    if (supervisor !== null) await stopProcess(supervisor, SUPERVISOR_MAIN, 35_000);
    fs.rmSync(statePaths(config.home).supervisorPid(app.name), { force: true });
    const pid = runningApp(config, app);
    if (pid === null && supervisor === null) continue;
    const how = pid === null ? 'stopped' : await stopProcess(pid, app.main, 30_000);
    fs.rmSync(statePaths(config.home).pid(app.name), { force: true });
    report(`${app.name}: ${how}`);
  }
}

/**
 * The app's own principal and password, set explicitly so that a SHOPSTREAM_KAFKA_PASSWORD the operator exported for
 * the CLI never reaches an app as its password.
 */
function kafkaIdentity(config: PlatformConfig, app: AppService): Record<string, string> {
  if (!app.kafkaPrincipal) return {};
  const password = kafkaPassword(config.home, app.kafkaPrincipal, config.kafka.givenPasswords);
  if (password === null) {
    throw new PlatformError(
      'KAFKA_PASSWORD_MISSING',
      `No Kafka password for ${app.kafkaPrincipal}, which ${app.name} connects as.`,
      'Run `npx shopstream up`, which generates the passwords into $SHOPSTREAM_HOME/secrets.',
    );
  }
  return { SHOPSTREAM_KAFKA_USERNAME: app.kafkaPrincipal, SHOPSTREAM_KAFKA_PASSWORD: password };
}
