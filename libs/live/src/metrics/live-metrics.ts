import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the gateway counts, served in Prometheus text at GET /live/metrics. */
export class LiveMetrics {
  readonly registry = new Registry();
  readonly connections = new Gauge({
    name: 'shopstream_live_connections',
    help: 'Open WebSocket connections',
    registers: [this.registry],
  });
  readonly subscriptions = new Gauge({
    name: 'shopstream_live_subscriptions',
    help: 'Channel subscriptions held',
    registers: [this.registry],
  });
  readonly frames = new Counter({
    name: 'shopstream_live_frames_sent_total',
    help: 'Frames sent to clients, by type',
    labelNames: ['type'],
    registers: [this.registry],
  });
  private readonly frameCounters = new Map<string, Counter.Internal>();
  /** The frames counter of one type, looked up once rather than per frame sent. */
  frameCounter(type: string): Counter.Internal {
    let counter = this.frameCounters.get(type);
    if (!counter) this.frameCounters.set(type, (counter = this.frames.labels({ type })));
    return counter;
  }
  readonly errors = new Counter({
    name: 'shopstream_live_errors_total',
    help: 'Error frames sent to clients, by code',
    labelNames: ['code'],
    registers: [this.registry],
  });
  readonly resumes = new Counter({
    name: 'shopstream_live_resumes_total',
    help: 'Subscribes with since, by outcome: resumed from the log, or a fresh snapshot and why',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly coalesced = new Counter({
    name: 'shopstream_live_coalesced_total',
    help: 'Stock deltas replaced by a later value of the same sku because the client read too slowly',
    registers: [this.registry],
  });
  readonly dropped = new Counter({
    name: 'shopstream_live_slow_disconnects_total',
    help: 'Connections closed because they fell past their send budget, with a resume position',
    registers: [this.registry],
  });
  /** Upgrades refused for a missing or bad credential; no label carries the credential. */
  readonly refusedUpgrades = new Counter({
    name: 'shopstream_live_refused_upgrades_total',
    help: 'WebSocket upgrades refused with 401 for a missing or invalid credential',
    registers: [this.registry],
  });
  readonly deadConnections = new Counter({
    name: 'shopstream_live_dead_connections_total',
    help: 'Connections closed because they answered no ping in time',
    registers: [this.registry],
  });
  readonly commitToPush = new Histogram({
    name: 'shopstream_live_commit_wait_seconds',
    help: 'Time from reading an event off the log to pushing it once its projection committed it',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly resumeReads = new Counter({
    name: 'shopstream_live_resume_reads_total',
    help: "Resumed subscriptions by where their missed events came from: the feed's recent past in memory, or the log",
    labelNames: ['from'],
    registers: [this.registry],
  });
  readonly stateReads = new Counter({
    name: 'shopstream_live_state_reads_total',
    help: "Pushes by where their keys' committed state came from: the commit's announcement, or a database read",
    labelNames: ['from'],
    registers: [this.registry],
  });
  readonly undecodable = new Counter({
    name: 'shopstream_live_undecodable_records_total',
    help: 'Log records the gateway could not decode and pushed to nobody',
    registers: [this.registry],
  });
}
