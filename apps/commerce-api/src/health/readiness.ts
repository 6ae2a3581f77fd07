import { Inject, Injectable } from '@nestjs/common';
import { describeCluster } from '@shopstream/kafka';
import { CommerceApiConfig } from '../commerce-api.config';
import { COMMERCE_API_CONFIG } from '../order-flow/order-flow.token';

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: {
    readonly kafka: { readonly up: boolean; readonly detail?: string };
    readonly registry: { readonly up: boolean; readonly detail?: string };
  };
}

const PROBE_TIMEOUT_MS = 2_000;
/** A load balancer polls every few seconds; one probe per window keeps that off the broker. */
const CACHE_MS = 2_000;

/** Whether Kafka answers a metadata request and the registry answers an HTTP call, cached briefly. */
@Injectable()
export class Readiness {
  private last: { at: number; report: Promise<ReadinessReport> } | null = null;

  constructor(@Inject(COMMERCE_API_CONFIG) private readonly config: CommerceApiConfig) {}

  check(): Promise<ReadinessReport> {
    if (this.last && Date.now() - this.last.at < CACHE_MS) return this.last.report;
    const report = this.probe();
    this.last = { at: Date.now(), report };
    return report;
  }

  private async probe(): Promise<ReadinessReport> {
    const [kafka, registry] = await Promise.all([
      describeCluster(this.config.platform.kafka.brokers, PROBE_TIMEOUT_MS).then(
        (cluster) => ({ up: true, detail: `${cluster.brokers} broker(s)` }),
        (error: unknown) => ({ up: false, detail: String(error instanceof Error ? error.message : error) }),
      ),
      fetch(`${this.config.platform.registry.url}/subjects`, {
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      }).then(
        (response) => (response.ok ? { up: true } : { up: false, detail: `HTTP ${response.status}` }),
        (error: unknown) => ({ up: false, detail: String(error instanceof Error ? error.message : error) }),
      ),
    ]);
    return { ready: kafka.up && registry.up, checks: { kafka, registry } };
  }
}
