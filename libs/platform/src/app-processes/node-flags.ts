/**
 * V8 flags for the platform's long-running Node processes. A young generation of 64 MB semi-spaces instead of V8's
 * 16 MB: these processes allocate a batch's decoded events and statement text by the megabyte and drop them a
 * transaction later, and with small semi-spaces a scavenge runs every few milliseconds and copies much of a batch
 * still in flight, then promotes it to the old generation. On this project's benchmark (13 read models, 888k
 * events, 2 cores), on a host where a rebuild's main thread was its bottleneck, in two interleaved pairs of runs a
 * rebuild of every read model took 0.96 of the time that building them live took with it (both runs), 1.12 and
 * 1.14 without; in one pair the projector app sustained 9,427 vs 7,653 events/s, and at 6,000 events/s its p99
 * latency was 635 ms vs 3.9 s (a slow hour of the host).
 * It costs at most about 200 MB more memory.
 */
export const NODE_PROCESS_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
