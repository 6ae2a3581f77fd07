import * as path from 'node:path';

/** Everything the platform writes lives under one git-ignored folder. */
export function statePaths(home: string) {
  return {
    home,
    downloads: path.join(home, 'downloads'),
    kafkaLibs: path.join(home, 'downloads', 'kafka-libs'),
    registryDist: path.join(home, 'downloads', 'apicurio-registry'),
    kafkaData: path.join(home, 'kafka'),
    kafkaClusterFile: path.join(home, 'kafka', 'cluster.json'),
    kafkaNode: (id: number) => path.join(home, 'kafka', `node-${id}`),
    logs: path.join(home, 'logs'),
    log: (service: string) => path.join(home, 'logs', `${service}.log`),
    run: path.join(home, 'run'),
    pid: (service: string) => path.join(home, 'run', `${service}.pid`),
    supervisorPid: (app: string) => path.join(home, 'run', `${app}.supervisor.pid`),
    supervisorState: (app: string) => path.join(home, 'run', `${app}.supervisor.json`),
  };
}

export type StatePaths = ReturnType<typeof statePaths>;
