import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import { DataSource } from 'typeorm';

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly postgres: string;
  readonly kafka: string;
  readonly java: string;
}

function javaVersion(): string {
  // `java -version` writes to stderr.
  const out = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return (out.stderr || out.stdout || '').split('\n')[0]?.trim() || 'unknown';
}

export async function describeMachine(dataSource: DataSource, kafkaVersion: string): Promise<MachineInfo> {
  const [pg] = await dataSource.query<{ version: string }[]>('select version()');
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: pg?.version.split(' on ')[0] ?? 'unknown',
    kafka: kafkaVersion,
    java: javaVersion(),
  };
}
