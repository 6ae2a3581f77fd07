import { liveTargetsAcross } from '../live/live-targets';
import { queryTargets } from '../query/query-targets';
import { BenchResults, halfLoad } from './results';
import type { OtherCommandFigures } from '../platform/other-commands.bench';

const n = (x: number | undefined) =>
  x === undefined || Number.isNaN(x) ? '–' : Math.round(x).toLocaleString('en');
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || b === 0 ? '–' : `${(a / b).toFixed(2)}×`;

/** A phase's CPU lost to other guests of the host, beside its figure: the one cause of a slow run it cannot help. */
const stolen = (share: number | undefined) =>
  share === undefined
    ? ''
    : `; ${(share * 100).toFixed(1)} % of the machine's CPU time stolen by its hypervisor meanwhile`;

/** The table the README's performance section shows: figures, then the ratios the targets are about. */
export function writeMarkdown(r: BenchResults): string {
  const m = r.machine;
  const minB = Math.min(r.b2Platform?.perSecond ?? Infinity, r.b4Upsert?.perSecond ?? Infinity);
  const min = Number.isFinite(minB) ? minB : undefined;
  const peer = r.peer?.peer;
  const api = r.api;
  const recordsPerEvent = r.projections
    ? r.projections.applied.units / Math.max(1, r.projections.set.units)
    : undefined;
  // L follows half of S unless a run fixed its rate to compare builds.
  const atHalfLoad =
    !r.latency || !r.sustained || r.latency.targetPerSecond === halfLoad(r.sustained.sustainedPerSecond);
  const rebuilt = r.rebuild?.projections ?? [];
  const rebuildDetail = rebuilt.length
    ? `; per read model at most ${Math.max(...rebuilt.map((x) => x.seconds)).toFixed(1)} s, indexes ${Math.max(...rebuilt.map((x) => x.indexSeconds)).toFixed(1)} s, live runner paused ${n(Math.max(...rebuilt.map((x) => x.swapPausedMs)))} ms by the swap`
    : '';
  const lines = [
    `# Shopstream benchmarks, ${r.date.slice(0, 10)} (${r.mode} run)`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB; ${m.os}; Node ${m.node}; ${m.postgres}; Kafka ${m.kafka} ` +
      `(one broker, sharing the cores with the registry and PostgreSQL); ${m.java}.`,
    `Event set: ${n(r.eventSet?.events)} events (order-flow mix, ${Object.entries(r.eventSet?.byTopic ?? {})
      .map(([t, c]) => `${t.split('.')[1]} ${n(c)}`)
      .join(', ')}), ${12} partitions a topic.`,
    '',
    '| figure | value | what it is |',
    '|---|---:|---|',
    `| B1 raw kafkajs produce | ${n(r.b1Raw?.perSecond)} rec/s | pre-encoded records, sendBatch, acks=all |`,
    `| B1' platform produce | ${n(r.b1Platform?.perSecond)} ev/s | validate + Avro encode + EventProducer (idempotent, acks=all) |`,
    `| B2 raw kafkajs consume | ${n(r.b2Raw?.perSecond)} rec/s | eachBatch, no work |`,
    `| B2' consume + decode | ${n(r.b2Platform?.perSecond)} ev/s | BatchConsumer + codec.decode, all topics |`,
    `| B2'' subscriber SDK | ${n(r.b2Subscriber?.perSecond)} ev/s | subscribe() + handleBatch, all topics; ${ratio(r.b2Subscriber?.perSecond, r.b2Platform?.perSecond)} B2' (target ≥ 0.8×) |`,
    `| B3 raw COPY | ${n(r.b3Copy?.perSecond)} rows/s | order_summary-shaped table, primary key only |`,
    `| B4 raw multi-row upsert | ${n(r.b4Upsert?.perSecond)} rows/s | unnest upsert with version guard, 1,000 rows + checkpoint a tx, 1 secondary index |`,
    `| P projections | ${n(r.projections?.set.perSecond)} ev/s | all ${r.projections?.count ?? 13} read models from the set (${n(r.projections?.applied.perSecond)} records/s applied, summed over read models)${stolen(r.projections?.stolenShare)} |`,
    `| R rebuild | ${n(r.rebuild?.set.perSecond)} ev/s | ${r.rebuild?.method ?? '–'}${rebuildDetail}${stolen(r.rebuild?.stolenShare)} |`,
    `| S sustained load | ${n(r.sustained?.sustainedPerSecond)} ev/s | what the read models keep applying while events are produced at P's rate (${n(r.sustained?.appliedPerSecond)} ev/s applied of ${n(r.sustained?.offeredPerSecond)} offered, over ${r.sustained?.seconds ?? '–'} s); L runs at half of it |`,
    `| L latency at ${atHalfLoad ? 'half load' : 'a fixed rate (--latency-rate)'} | p50 ${n(r.latency?.latency.p50)} / p95 ${n(r.latency?.latency.p95)} / p99 ${n(r.latency?.latency.p99)} ms | produce → order_summary visible, ${n(r.latency?.achievedPerSecond)} ev/s offered, checkpoint polled every ${r.latency?.pollIntervalMs ?? 5} ms from a thread of its own, sampled after ${r.latency?.warmupSeconds ?? 0} s of warm-up |`,
    `| platform, order_summary alone | ${n(r.baseline?.platformOrderSummary.perSecond)} ev/s | orders topic of the set |`,
    `| baseline | ${n(r.baseline?.baseline.perSecond)} ev/s | kafkajs eachMessage + TypeORM findOneBy/save per event, same topic${r.baseline && !r.baseline.baseline.complete ? ', stopped at its time bound' : ''} |`,
    `| platform, payments alone | ${n(r.peer?.platformPayments.perSecond)} ev/s | payments topic of the set |`,
    `| peer | ${peer ? n(peer.perSecond) : '–'} ev/s | ${peer ? `Kafka Connect 4.1.1 + Debezium JDBC sink 3.6.0, ${peer.converter}, ${peer.tasks} tasks, upsert by event id` : (r.peer?.error ?? 'not run')} |`,
    api?.ran
      ? `| API commands | ${n(api.commands.perSecond)} req/s, p99 ${n(api.commands.p99Ms)} ms | POST /orders, ${api.connections} connections, ${api.seconds} s, ${api.commands.failed} failed |`
      : `| API commands | – | ${api ? api.reason : 'not run'} |`,
    ...(api?.ran && api.others ? otherCommandRows(api.others) : []),
    api?.ran
      ? typeof api.queries === 'string'
        ? `| API queries | – | ${api.queries} |`
        : `| API queries | ${n(api.queries.perSecond)} req/s, p99 ${n(api.queries.p99Ms)} ms | GET /orders/:id |`
      : `| API queries | – | not run |`,
    ...queryRows(r),
    ...(r.live?.length
      ? r.live.map(
          (live) =>
            `| Live push, ${n(live.connections)} clients | ${n(live.burst.deliveriesPerSecond)} deliveries/s, commit → client p50 ${live.load.commitToClientP50Ms} ms, p99 ${live.load.commitToClientP99Ms} ms (a bare relay: p99 ${live.load.floorP99Ms} ms) | ${n(live.connections)} connections held, ${n(live.heapPerConnectionBytes)} B heap each; storm: ${n(live.storm.resumed)} resumed in ${n(live.storm.resumedMs)} ms, ${live.gaps} gaps, ${live.duplicates} duplicates |`,
        )
      : [`| Live push | – | not run |`]),
    '',
    '| ratio | value | target |',
    '|---|---:|---|',
    `| P / min(B2', B4), per read-model record | ${ratio(r.projections?.applied.perSecond, min)} | ≥ 0.8 |`,
    `| P / min(B2', B4), per event of the set | ${ratio(r.projections?.set.perSecond, min)} | (an event feeds ${recordsPerEvent?.toFixed(1) ?? '–'} read models on average) |`,
    `| R / P | ${ratio(r.rebuild?.set.perSecond, r.projections?.set.perSecond)} | ≥ 1 |`,
    `| L p99 | ${n(r.latency?.latency.p99)} ms | ≤ 100 ms |`,
    `| platform / baseline (order_summary) | ${ratio(r.baseline?.platformOrderSummary.perSecond, r.baseline?.baseline.perSecond)} | ≥ 10 |`,
    `| platform / peer (payments) | ${ratio(r.peer?.platformPayments.perSecond, peer?.perSecond)} | > 1 |`,
    ...queryTargetRows(r),
    ...(r.live
      ? liveTargetsAcross(r.live).map(
          (t) =>
            `| live: ${t.what} | ${t.figure} | ${t.met === null ? 'n/a at this size' : t.met ? 'met' : 'NOT met'} |`,
        )
      : []),
    '',
    ...(r.plots?.length ? r.plots.map((p) => `![${p}](${p})`) : []),
    ...(r.notes.length ? ['', 'Notes:', ...r.notes.map((x) => `- ${x}`)] : []),
    '',
  ];
  return lines.join('\n');
}

/** The query API's rows: each hot endpoint with the cache on and off, and read-your-writes under load. */
function queryRows(r: BenchResults): string[] {
  const q = r.query;
  if (!q) return ['| Query API | – | not run |'];
  if ('error' in q) return [`| Query API | – | ${q.error} |`];
  const ryw = q.readYourWrites;
  return [
    ...q.hot.map(
      (f) =>
        `| Query API ${f.endpoint}, cache ${f.cache} | ${n(f.perSecond)} req/s, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms | ${q.connections} connections, ${q.seconds} s, ${f.failed} failed |`,
    ),
    `| Query API read-your-writes | p50 ${ryw.p50Ms.toFixed(1)} ms, p99 ${ryw.p99Ms.toFixed(1)} ms | write acknowledged → answer reflecting it, at ${n(ryw.achievedLoadPerSecond)} events/s of other writes; the read alone p99 ${ryw.plainP99Ms.toFixed(1)} ms; ${ryw.samples} samples, ${ryw.notReflected} not reflected |`,
  ];
}

function queryTargetRows(r: BenchResults): string[] {
  const q = r.query;
  if (!q || 'error' in q) return [];
  const old = r.api?.ran && typeof r.api.queries !== 'string' ? r.api.queries : null;
  return queryTargets(q, old).map(
    (t) => `| ${t.what} | ${t.figure} | ${t.met === null ? 'n/a' : t.met ? 'met' : 'NOT met'} |`,
  );
}

/** The commands besides POST /orders, each loaded on its own over the same connections. */
function otherCommandRows(others: OtherCommandFigures): string[] {
  const { receiveStock, paymentCapture, behaviour } = others;
  return [
    `| API: receive stock | ${n(receiveStock.perSecond)} req/s, p99 ${n(receiveStock.p99Ms)} ms | POST /inventory/:sku/receive, ${receiveStock.failed} failed |`,
    typeof paymentCapture === 'string'
      ? `| API: payment captures | – | ${paymentCapture} |`
      : `| API: payment captures | ${n(paymentCapture.perSecond)} req/s, p99 ${n(paymentCapture.p99Ms)} ms | POST /payments/webhook, signed, one per confirmed order, ${paymentCapture.failed} failed |`,
    `| API: behaviour events | ${n(behaviour.eventsPerSecond)} events/s, p99 ${n(behaviour.p99Ms)} ms | POST /behaviour/events, ${behaviour.batch} per request, ${behaviour.failed} failed |`,
  ];
}
