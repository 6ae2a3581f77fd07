import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createDataSource } from '@shopstream/database';
import { createEventCodec, ORDERS_TOPIC, PAYMENTS_TOPIC } from '@shopstream/events';
import { EventProducer, useKafkaCredentials } from '@shopstream/kafka';
import { DEFAULT_REBUILD_RUNNERS, topicsOf } from '@shopstream/projections';
import { READ_MODELS } from '@shopstream/read-models';
import { runBaseline } from './baseline/baseline.bench';
import { runConnectPeer } from './peer/connect-peer';
import { LiveBenchResult, runLiveBench } from './live/live.bench';
import { liveTargetLine, liveTargetsAcross } from './live/live-targets';
import { runApiBench } from './platform/api.bench';
import { startRunnerSet } from './platform/bench-projections';
import { measureLatency } from './platform/latency.bench';
import { startProjectorProcess } from './platform/projector-process';
import { measureSustained } from './platform/sustained.bench';
import { rebuildAll } from './platform/rebuild.bench';
import { runQueryBench } from './query/query.bench';
import { queryTargets, targetLine } from './query/query-targets';
import { platformConsume, rawConsume, rawProduce } from './raw/kafka.bench';
import { postgresLimits } from './raw/postgres.bench';
import { subscriberConsume } from './raw/subscriber.bench';
import { writeMarkdown } from './report/markdown';
import { writePlots } from './report/plots';
import { BenchResults, halfLoad } from './report/results';
import { parseBenchArgs } from './support/bench-config';
import { Cleanup } from './support/cleanup';
import { stealMeter } from './support/cpu-steal';
import { benchTopic, createBenchTopics, generateHistory, producePlatform } from './support/event-set';
import { deleteGroupsWithPrefix } from './support/kafka-groups';
import { describeMachine } from './support/machine';
import { cdf, ProgressSample, rate, Rate, sampleProgress } from './support/stats';
import { waitFor } from './support/wait-for';

const log = (message: string) =>
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const fmt = (r: Rate) =>
  `${Math.round(r.perSecond).toLocaleString('en')}/s (${r.units} in ${r.seconds.toFixed(1)} s)`;

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  // The benchmark's own producers and consumers log in as the platform's operator, as the CLI does.
  useKafkaCredentials(options.platform.kafka.credentials);
  const { sizes, platform, skip } = options;
  const brokers = platform.kafka.brokers;
  const root = platform.root;
  const ns = `bench_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  const cleanup = new Cleanup();
  const dataSource = createDataSource(platform.database.url, { poolSize: 20 });
  await dataSource.initialize();
  cleanup.add('close the database pool', () => dataSource.destroy());
  cleanup.add(`delete consumer groups bench-${ns}*`, async () => {
    await deleteGroupsWithPrefix(brokers, `bench-${ns}`);
    await deleteGroupsWithPrefix(brokers, `connect-bench-peer-${ns}`);
    await deleteGroupsWithPrefix(brokers, `bench-raw-bench.raw.${ns}`);
  });
  const codec = createEventCodec(platform.registry.url);
  const producer = new EventProducer({ brokers, clientId: 'bench-producer' });
  await producer.connect();
  cleanup.add('disconnect the producer', () => producer.disconnect());
  const kafkaVersion = /<kafka.version>([^<]+)</.exec(
    fs.readFileSync(path.join(root, 'infra/kafka/pom.xml'), 'utf8'),
  )?.[1];
  const results: BenchResults = {
    date: new Date().toISOString(),
    mode: sizes.mode,
    namespace: ns,
    machine: await describeMachine(dataSource, kafkaVersion ?? 'unknown'),
    notes: [],
  };
  const throughput: ProgressSample[] = [];
  const mutable = results as { -readonly [K in keyof BenchResults]: BenchResults[K] };
  let failures: string[] = [];
  try {
    log(`run ${ns} (${sizes.mode}): ${sizes.orders} orders`);
    const topics = [...new Set(READ_MODELS.flatMap(topicsOf))];
    const setTopics = topics.map((t) => benchTopic(t, ns));
    const rawTopic = `bench.raw.${ns}`;
    await createBenchTopics(brokers, [...setTopics, rawTopic], cleanup);
    // B1' produces the fixed event set every later phase reads. Only B1 needs the records themselves: held past it,
    // a million events in this process's heap would put the platform's figures at the mercy of its collector.
    let b1p: Awaited<ReturnType<typeof producePlatform>> | undefined = await producePlatform(
      producer,
      codec,
      generateHistory(sizes.orders, ns),
      ns,
      sizes.produceBatch,
    );
    const setSize = b1p.set.records.length;
    const countByTopic = new Map(b1p.set.countByTopic);
    mutable.eventSet = { events: setSize, byTopic: Object.fromEntries(countByTopic) };
    mutable.b1Platform = b1p.rate;
    log(`B1' platform produce: ${fmt(b1p.rate)}`);
    const b1Raw = skip.has('raw')
      ? undefined
      : await rawProduce(brokers, rawTopic, b1p.set.records, sizes.produceBatch);
    b1p = undefined;
    if (b1Raw) {
      mutable.b1Raw = b1Raw;
      log(`B1 raw produce: ${fmt(b1Raw)}`);
      mutable.b2Raw = await rawConsume(brokers, rawTopic, setSize);
      log(`B2 raw consume: ${fmt(mutable.b2Raw)}`);
      mutable.b2Platform = await platformConsume(brokers, codec, setTopics, setSize, `bench-${ns}-b2p`);
      log(`B2' consume + decode: ${fmt(mutable.b2Platform)}`);
      mutable.b2Subscriber = await subscriberConsume(
        { brokers, registryUrl: platform.registry.url },
        topics.map((t) => ({ name: benchTopic(t, ns), carries: t })),
        setSize,
        `bench-${ns}-b2s`,
        cleanup,
      );
      log(
        `B2'' subscriber SDK: ${fmt(mutable.b2Subscriber)}, ${(mutable.b2Subscriber.perSecond / mutable.b2Platform.perSecond).toFixed(2)} × B2'`,
      );
      const pgSchema = `${ns}_raw`;
      cleanup.add(`drop schema ${pgSchema}`, async () => {
        await dataSource.query(`drop schema if exists "${pgSchema}" cascade`);
      });
      const pg = await postgresLimits(platform.database.url, pgSchema, sizes.postgresRows);
      mutable.b3Copy = pg.copy;
      mutable.b4Upsert = pg.upsert;
      log(`B3 COPY: ${fmt(pg.copy)}; B4 upsert: ${fmt(pg.upsert)}`);
    }

    const projections = READ_MODELS;
    // P and R each start from a checkpointed database, as database benchmarks do: R, run right after P, must not
    // pay for writing out P's dirty buffers and WAL (3M rows through 128 MB of shared buffers in the full run).
    const settle = () => dataSource.query('checkpoint');
    if (!skip.has('projections')) {
      await settle();
      const stolen = stealMeter();
      const started = Date.now();
      const p = await startRunnerSet({ dataSource, codec, brokers, ns, tag: 'p', projections, cleanup });
      const expected = p.expected(countByTopic);
      const sampler = sampleProgress('P: all read models', () => p.applied(), throughput);
      await waitFor(async () => (await p.applied()) >= expected, {
        timeoutMs: sizes.catchUpTimeoutMs,
        what: `all ${projections.length} read models to reach the end of the event set`,
      });
      const seconds = (Date.now() - started) / 1000;
      await sampler.stop();
      await p.stop();
      mutable.projections = {
        set: rate(setSize, seconds),
        applied: rate(expected, seconds),
        count: projections.length,
        stolenShare: stolen(),
      };
      log(
        `P: ${fmt(mutable.projections.set)} of the set; ${fmt(mutable.projections.applied)} applied records`,
      );
    }

    if (!skip.has('rebuild') && !mutable.projections) {
      mutable.notes.push(
        'R not measured: it rebuilds the live read models P builds, and P was skipped (--skip=projections)',
      );
      log('R: skipped, it needs the read models P builds');
    } else if (!skip.has('rebuild')) {
      await settle();
      const stolen = stealMeter();
      let rebuilt = 0;
      const sampler = sampleProgress(
        'R: projections rebuild, all read models',
        async () => rebuilt,
        throughput,
      );
      const r = await rebuildAll({
        databaseUrl: platform.database.url,
        registryUrl: platform.registry.url,
        brokers,
        ns,
        tag: 'p',
        projections,
        cleanup,
        onDone: (done) => (rebuilt = done),
      }).finally(() => sampler.stop());
      mutable.rebuild = {
        set: rate(setSize, r.seconds),
        method:
          `\`projections rebuild --all\` (rebuildProjections, --from earliest, --max-gap 500) over P's live instances of all ${projections.length} ` +
          `read models: ${DEFAULT_REBUILD_RUNNERS} shadow runners splitting the partitions, each topic read once, shadow schemas, ` +
          'bulk load without secondary indexes, each shadow indexed once loaded, chase, one swap for all; wall time to the swap',
        projections: r.projections,
        stolenShare: stolen(),
      };
      const slowest = r.projections.reduce((a, b) => (b.seconds > a.seconds ? b : a));
      log(
        `R: ${fmt(mutable.rebuild.set)}; slowest ${slowest.projection} ${slowest.seconds.toFixed(1)} s; ` +
          `live paused at most ${Math.max(...r.projections.map((p) => p.swapPausedMs))} ms by a swap`,
      );
    }

    if (!skip.has('latency') && mutable.projections) {
      // S and L measure the projector app in its own process, as production runs it; it first builds its read
      // models from the set.
      const p = await startProjectorProcess({ dataSource, brokers, ns, projections, cleanup });
      await waitFor(async () => (await p.applied()) >= p.expected(countByTopic), {
        timeoutMs: sizes.catchUpTimeoutMs,
        what: 'the projector process to build its read models from the set',
      });
      const onProduced = (topic: string, count = 1) =>
        countByTopic.set(topic, (countByTopic.get(topic) ?? 0) + count);
      const sustainedSampler = sampleProgress('S: sustained load', () => p.applied(), throughput);
      const sustained = await measureSustained({
        producer,
        codec,
        ns,
        set: p,
        offeredPerSecond: Math.round(mutable.projections.set.perSecond),
        seconds: sizes.sustainedSeconds,
        warmupSeconds: sizes.latencyWarmupSeconds,
        recordsPerEvent: mutable.projections.applied.units / mutable.projections.set.units,
        onProduced,
      });
      await sustainedSampler.stop();
      mutable.sustained = sustained;
      log(
        `S: ${Math.round(sustained.sustainedPerSecond).toLocaleString('en')}/s sustained ` +
          `(${Math.round(sustained.appliedPerSecond).toLocaleString('en')}/s applied with ${Math.round(sustained.offeredPerSecond).toLocaleString('en')}/s offered)`,
      );
      // L starts from the head: whatever the sustained run left behind is applied first.
      await waitFor(async () => (await p.applied()) >= p.expected(countByTopic), {
        timeoutMs: sizes.catchUpTimeoutMs,
        what: 'the read models to apply what the sustained-load run produced',
      });
      const target = options.latencyRate ?? halfLoad(sustained.sustainedPerSecond);
      const sampler = sampleProgress('L: half load', () => p.applied(), throughput);
      const latency = await measureLatency({
        databaseUrl: platform.database.url,
        brokers,
        credentials: platform.kafka.credentials,
        codec,
        ns,
        watchedInstance: p.instanceOf('order_summary'),
        watchedTopic: ORDERS_TOPIC,
        targetPerSecond: target,
        seconds: sizes.latencySeconds,
        warmupSeconds: sizes.latencyWarmupSeconds,
        onProduced,
      });
      await sampler.stop();
      await p.stop();
      mutable.latency = { ...latency, samples: undefined, cdf: cdf(latency.samples) };
      log(
        `L: p50 ${latency.latency.p50} ms, p95 ${latency.latency.p95} ms, p99 ${latency.latency.p99} ms at ${Math.round(latency.achievedPerSecond)}/s`,
      );
    }

    // The same events for the platform's single read model, the baseline and the peer: each on one topic alone.
    const ordersTopic = benchTopic(ORDERS_TOPIC, ns);
    const paymentsTopic = benchTopic(PAYMENTS_TOPIC, ns);
    const single = async (tag: string, name: string) => {
      const projection = READ_MODELS.filter((p) => p.name === name);
      const started = Date.now();
      const s = await startRunnerSet({
        dataSource,
        codec,
        brokers,
        ns,
        tag,
        projections: projection,
        cleanup,
      });
      const expected = s.expected(countByTopic);
      await waitFor(async () => (await s.applied()) >= expected, {
        timeoutMs: sizes.catchUpTimeoutMs,
        what: `${name} alone`,
      });
      await s.stop();
      return rate(expected, (Date.now() - started) / 1000);
    };
    if (!skip.has('baseline')) {
      const platformRate = await single('os', 'order_summary');
      const baselineSchema = `${ns}_baseline`;
      cleanup.add(`drop schema ${baselineSchema}`, async () => {
        await dataSource.query(`drop schema if exists "${baselineSchema}" cascade`);
      });
      const baseline = await runBaseline({
        databaseUrl: platform.database.url,
        schema: baselineSchema,
        brokers,
        codec,
        topic: ordersTopic,
        expected: countByTopic.get(ordersTopic) ?? 0,
        maxSeconds: sizes.baselineSeconds,
        groupId: `bench-${ns}-baseline`,
      });
      mutable.baseline = { platformOrderSummary: platformRate, baseline };
      log(
        `baseline: ${fmt(baseline)}${baseline.complete ? '' : ' (stopped at its time bound)'}; platform order_summary alone: ${fmt(platformRate)}`,
      );
    }
    if (!skip.has('peer')) {
      const platformRate = await single('pay', 'payments');
      try {
        const peer = await runConnectPeer({
          root,
          home: platform.home,
          ns,
          topic: paymentsTopic,
          expected: countByTopic.get(paymentsTopic) ?? 0,
          brokers,
          credentials: platform.kafka.credentials,
          registryUrl: platform.registry.url,
          databaseUrl: platform.database.url,
          dataSource,
          timeoutMs: sizes.catchUpTimeoutMs,
          cleanup,
        });
        mutable.peer = { platformPayments: platformRate, peer };
        log(
          `peer: ${Math.round(peer.perSecond)}/s (${peer.converter}); platform payments alone: ${fmt(platformRate)}`,
        );
      } catch (error) {
        mutable.peer = { platformPayments: platformRate, error: (error as Error).message };
        log(`peer failed: ${(error as Error).message}`);
      }
    }
    if (!skip.has('api')) {
      mutable.api = await runApiBench({
        root,
        home: platform.home,
        ns,
        seconds: sizes.apiSeconds,
        connections: sizes.apiConnections,
        cleanup,
        others: { databaseUrl: platform.database.url, webhookSecret: platform.orderFlow.webhookSecret },
      });
      log(`API: ${JSON.stringify(mutable.api)}`);
    }
    if (!skip.has('query')) {
      // Read-your-writes is measured while other writes load the projector at half of what it sustained (S).
      const sustained = mutable.sustained?.sustainedPerSecond;
      const loadPerSecond = options.latencyRate ?? (sustained ? halfLoad(sustained) : 500);
      if (!options.latencyRate && !sustained)
        mutable.notes.push(
          'query: S was not measured (--skip=latency), so read-your-writes ran at 500 events/s of other writes',
        );
      try {
        const query = await runQueryBench({
          platform,
          orders: sizes.queryOrders,
          connections: sizes.apiConnections,
          seconds: sizes.querySeconds,
          loadPerSecond,
          log,
        });
        mutable.query = typeof query === 'string' ? { error: query } : query;
        if (typeof query !== 'string') {
          const old =
            mutable.api?.ran && typeof mutable.api.queries !== 'string' ? mutable.api.queries : null;
          if (old)
            log(
              `query: the commerce API's GET /orders/:id in this run: ${Math.round(old.perSecond)}/s, p99 ${old.p99Ms} ms`,
            );
          for (const target of queryTargets(query, old)) log(`query target ${targetLine(target)}`);
        } else log(`query: not run: ${query}`);
      } catch (error) {
        mutable.query = { error: (error as Error).message };
        mutable.notes.push(`query: ${(error as Error).message}`);
        log(`query failed: ${(error as Error).message}`);
      }
    }
    if (!skip.has('live')) {
      // Each target at the size it names: commit → client latency at 1,000 clients, the reconnect storm at 5,000,
      // connections held and deliveries per second at 10,000.
      const liveSizes =
        sizes.mode === 'quick'
          ? [{ connections: 1_000, loadSeconds: 10, burstWrites: 500 }]
          : [
              { connections: 1_000, loadSeconds: 30, burstWrites: 1_000 },
              { connections: 5_000, loadSeconds: 10, burstWrites: 500 },
              { connections: 10_000, loadSeconds: 10, burstWrites: 1_000 },
            ];
      const runs: LiveBenchResult[] = [];
      for (const size of liveSizes) {
        try {
          const run = await runLiveBench({
            platform,
            root,
            ...size,
            skus: 50,
            writesPerSecond: 50,
            simulatorRate: 20,
            log,
          });
          runs.push(run);
          log(`live (${size.connections} clients): ${JSON.stringify(run)}`);
        } catch (error) {
          mutable.notes.push(`live (${size.connections} clients): ${(error as Error).message}`);
          log(`live (${size.connections} clients) failed: ${(error as Error).message}`);
        }
      }
      if (runs.length > 0) mutable.live = runs;
      for (const target of liveTargetsAcross(runs)) log(`live target ${liveTargetLine(target)}`);
    }
  } finally {
    failures = await cleanup.run();
    if (failures.length) log(`cleanup problems:\n  ${failures.join('\n  ')}`);
  }
  mutable.notes.push(...failures.map((f) => `cleanup: ${f}`));
  const outDir = path.join(root, 'bench', 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const base = path.join(outDir, `${results.date.slice(0, 10)}${sizes.mode === 'quick' ? '-quick' : ''}`);
  const plots = await writePlots(base, throughput, results.latency?.cdf ?? []);
  if (plots.note) mutable.notes.push(plots.note);
  mutable.plots = plots.files.map((f) => path.basename(f));
  mutable.throughput = throughput;
  fs.writeFileSync(`${base}.json`, JSON.stringify(results, null, 2) + '\n');
  fs.writeFileSync(`${base}.md`, writeMarkdown(results));
  log(
    `wrote ${base}.json, ${base}.md${plots.files.length ? `, ${plots.files.map((f) => path.basename(f)).join(', ')}` : ''}`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
