import { createDeltas, type BugDecision, type BugStatus, type BugStore, type Notice, type OccurrenceReport } from '@bugmastery/core';
import { Redis } from 'ioredis';
import { parseBug, type Bug } from './bug';
import { keysFor, type Keys } from './keys';
import { resolveOptions, type RedisStoreOptions } from './options';
import { RECORD_SCRIPT } from './script';
import { scriptRunner } from './script-runner';
import { within } from './timeout';

export interface RedisStore extends BugStore {
  record(report: OccurrenceReport): Promise<BugDecision>;
  /** Everything known about one bug (exact fingerprint), or undefined. */
  get(fingerprint: string): Promise<Bug | undefined>;
  /** Closes the connection the store opened from `url` (a `client` given to it stays open). */
  close(): Promise<void>;
  /** What the store was built with, for its companions (admin API, CLI). */
  readonly connection: StoreConnection;
}

export interface StoreConnection {
  readonly client: Redis;
  readonly keys: Keys;
  readonly timeoutMs: number;
  /** A Redis call bounded by `timeoutMs`. */
  call<T>(what: string, work: (client: Redis) => Promise<T>): Promise<T>;
}

const NOTICES = new Set<string>(['new', 'threshold', 'snoozeEnded', 'regressed']);
const runRecord = scriptRunner(RECORD_SCRIPT);

/** How long a first connection may take (ioredis's connectTimeout for our own client). */
const connectBudget = (timeoutMs: number): number => Math.max(2000, timeoutMs * 4);

/** Our own connection: fail fast while Redis is away instead of queueing forever, and never print ioredis's unhandled errors. */
function connect(url: string, timeoutMs: number): Redis {
  const client = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableAutoPipelining: true,
    connectTimeout: connectBudget(timeoutMs),
  });
  // Each call reports its own failure (counted, logged once by the transport); the event itself is noise.
  client.on('error', () => undefined);
  return client;
}

/**
 * A bug store on Redis, shared by every process that reports: fleet-wide counts, thresholds and
 * bug states, one hash per fingerprint. Pass it as `counter` to slackTransport / pagerDutyTransport.
 */
export function redisStore(options: RedisStoreOptions): RedisStore {
  const resolved = resolveOptions(options);
  const owned = resolved.client === undefined;
  const client = resolved.client ?? connect(resolved.url!, resolved.timeoutMs);
  const keys = keysFor(resolved.prefix);
  const delta = createDeltas();
  const { timeoutMs, ttlSeconds } = resolved;
  // A process reports its first bugs while it is still connecting (a crash at boot is common):
  // until the first connection had its chance, a call may wait for it; after that, timeoutMs.
  const connectingUntil = Date.now() + connectBudget(timeoutMs);
  const call = <T>(what: string, work: (c: Redis) => Promise<T>): Promise<T> =>
    within(Promise.resolve().then(() => work(client)), Math.max(timeoutMs, connectingUntil - Date.now()), what);
  let closed: Promise<void> | undefined;

  return {
    connection: { client, keys, timeoutMs, call },
    async record(report) {
      if (closed) throw new Error('store is closed');
      const by = delta(report.fingerprint, report.occurrences);
      const summary = report.summary ?? {};
      const reply = await call('record', (c) =>
        runRecord(c, [keys.bug(report.fingerprint), keys.index], [
          report.fingerprint, by, Math.round(report.now), report.consumer, ttlSeconds,
          summary.title ?? '', summary.frame ?? '', summary.environment ?? '', summary.release ?? '',
          ...report.notifyAt,
        ]),
      );
      const [count, notice, reached, next, status, assignee] = reply;
      return {
        count: Number(count),
        notice: NOTICES.has(String(notice)) ? (notice as Notice) : null,
        reached: Number(reached),
        next: Number(next),
        status: String(status) as BugStatus,
        assignee: assignee ? String(assignee) : null,
      };
    },
    async get(fingerprint) {
      const hash = await call('get', (c) => c.hgetall(keys.bug(fingerprint)));
      return hash && hash.count !== undefined ? parseBug(fingerprint, hash, Date.now()) : undefined;
    },
    close() {
      closed ??= owned
        ? within(client.quit().then(() => undefined), timeoutMs, 'quit')
            .catch(() => undefined)
            .finally(() => client.disconnect())
        : Promise.resolve();
      return closed;
    },
  };
}
