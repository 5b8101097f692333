import { UnknownBugError, type Bug, type BugAdmin, type BugStatus, type BugStore, type Rotation } from '@bugmastery/core';
import { bugmasterOn, bugView, byUrgency, checkAction, checkRotation, createDeltas, matchesList, rotationPeriod, type BugAction, type BugDecision, type Notice, type OccurrenceReport } from '@bugmastery/core/internal';
import { Redis } from 'ioredis';
import { hashFromPairs, stateFromHash } from './bug';
import { keysFor, type Keys } from './keys';
import { resolveOptions, type RedisStoreOptions } from './options';
import { ACTION_SCRIPT, RECORD_SCRIPT } from './script';
import { scriptRunner } from './script-runner';
import { within } from './timeout';

export interface RedisStore extends BugStore, BugAdmin {
  record(report: OccurrenceReport): Promise<BugDecision>;
  bugmaster(rotation: Rotation, now: number): Promise<string>;
  /** The bugmaster on duty by the rotation the Slack transport stored (an override wins); undefined without one. */
  onDuty(now?: number): Promise<{ bugmaster: string; overridden: boolean } | undefined>;
  /** The full fingerprint for an exact one or an unambiguous prefix of 6+ characters; throws UnknownBugError / AmbiguousFingerprintError. */
  find(fingerprintOrPrefix: string): Promise<string>;
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
const runAction = scriptRunner(ACTION_SCRIPT);
/** The inbox reads at most this many bugs (most recently seen first). */
const MAX_LISTED = 10_000;
const MIN_PREFIX = 6;

export class AmbiguousFingerprintError extends Error {
  constructor(prefix: string, matches: string[]) {
    super(`fingerprint prefix "${prefix}" is ambiguous: ${matches.slice(0, 5).join(', ')}${matches.length > 5 ? ', …' : ''}`);
    this.name = 'AmbiguousFingerprintError';
  }
}

const actionArgs = (action: BugAction): [string, string] => {
  switch (action.type) {
    case 'snooze':
      return action.occurrences !== undefined ? ['snooze-count', String(action.occurrences)] : ['snooze-time', String(Math.round(action.forMs ?? 0))];
    case 'assign':
      return ['assign', action.who.trim()];
    default:
      return [action.type, ''];
  }
};

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
  // Nor does it keep the app's process alive: a script that reported and returned exits as it would without
  // the store (a call in flight is held by its own timeout). Its socket, and ioredis's timer while Redis is away.
  client.on('connect', () => client.stream?.unref?.());
  client.on('reconnecting', () => (client as unknown as { reconnectTimeout?: { unref?(): void } }).reconnectTimeout?.unref?.());
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
  const deltas = createDeltas();
  const { timeoutMs, ttlSeconds } = resolved;
  // A process reports its first bugs while it is still connecting (a crash at boot is common):
  // until the first connection had its chance, a call may wait for it; after that, timeoutMs.
  const connectingUntil = Date.now() + connectBudget(timeoutMs);
  const call = <T>(what: string, work: (c: Redis) => Promise<T>): Promise<T> =>
    within(Promise.resolve().then(() => work(client)), Math.max(timeoutMs, connectingUntil - Date.now()), what);
  let closed: Promise<void> | undefined;
  let storedRotation: string | undefined;

  const storedRotationAt = async (): Promise<Rotation | undefined> => {
    const json = await call('rotation', (c) => c.get(keys.rotation));
    if (!json) return undefined;
    try {
      return checkRotation(JSON.parse(json), 'stored rotation');
    } catch {
      return undefined;
    }
  };

  const act = async (fingerprint: string, action: BugAction): Promise<Bug> => {
    checkAction(action);
    const [name, arg] = actionArgs(action);
    const pairs = await call(name, (c) => runAction(c, [keys.bug(fingerprint)], [name, Date.now(), arg]));
    if (!Array.isArray(pairs)) throw new UnknownBugError(fingerprint);
    return bugView(fingerprint, stateFromHash(hashFromPairs(pairs.map(String))), Date.now());
  };

  return {
    connection: { client, keys, timeoutMs, call },
    timeoutMs,
    async record(report) {
      if (closed) throw new Error('store is closed');
      const by = deltas.take(report.fingerprint, report.occurrences);
      const summary = report.summary ?? {};
      const reply = await call('record', (c) => {
        const run = runRecord(c, [keys.bug(report.fingerprint), keys.index], [
          report.fingerprint, by, Math.round(report.now), report.consumer, ttlSeconds,
          summary.title ?? '', summary.frame ?? '', summary.environment ?? '', summary.release ?? '',
          ...report.notifyAt,
        ]);
        // Redis refused or was away (even after `timeoutMs` gave up waiting): the script did not count these
        // occurrences, so the next report carries them again and the fleet total stays exact. A late answer
        // means it did count them: nothing to give back.
        run.catch(() => deltas.giveBack(report.fingerprint, by));
        return run;
      });
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
      return hash && hash.count !== undefined ? bugView(fingerprint, stateFromHash(hash), Date.now()) : undefined;
    },
    async list(options) {
      const fingerprints = await call('list', (c) => c.zrevrange(keys.index, 0, MAX_LISTED - 1));
      const hashes = await call('list', (c) => Promise.all(fingerprints.map((fp) => c.hgetall(keys.bug(fp)))));
      const now = Date.now();
      const bugs: Bug[] = [];
      const expired: string[] = [];
      hashes.forEach((hash, i) => (hash.count === undefined ? expired.push(fingerprints[i]) : bugs.push(bugView(fingerprints[i], stateFromHash(hash), now))));
      // Bugs forgotten by their TTL leave the index too.
      if (expired.length > 0) await call('list', (c) => c.zrem(keys.index, ...expired)).catch(() => undefined);
      return bugs.filter((b) => matchesList(b, options)).sort(byUrgency);
    },
    async find(given) {
      const text = String(given ?? '').trim().toLowerCase();
      if (text === '') throw new UnknownBugError(text);
      if (await call('find', (c) => c.exists(keys.bug(text)))) return text;
      if (text.length < MIN_PREFIX) throw new UnknownBugError(text);
      const all = await call('find', (c) => c.zrange(keys.index, 0, -1));
      const matches = all.filter((fp) => fp.startsWith(text));
      if (matches.length === 0) throw new UnknownBugError(text);
      if (matches.length > 1) throw new AmbiguousFingerprintError(text, matches);
      return matches[0];
    },
    snooze: (fingerprint, until) => act(fingerprint, { type: 'snooze', ...until }),
    assign: (fingerprint, who) => act(fingerprint, { type: 'assign', who }),
    resolve: (fingerprint) => act(fingerprint, { type: 'resolve' }),
    reopen: (fingerprint) => act(fingerprint, { type: 'reopen' }),
    async bugmaster(rotation, now) {
      const json = JSON.stringify(rotation);
      const period = rotationPeriod(rotation, now);
      const [override] = await Promise.all([
        call('bugmaster', (c) => c.get(keys.override(period.start))),
        // The CLI reads the rotation from here; written when it changes, not per post.
        json === storedRotation ? undefined : call('bugmaster', (c) => c.set(keys.rotation, json)).then(() => void (storedRotation = json)),
      ]);
      return override || bugmasterOn(rotation, now);
    },
    async onDuty(now = Date.now()) {
      const rotation = await storedRotationAt();
      if (!rotation) return undefined;
      const override = await call('bugmaster', (c) => c.get(keys.override(rotationPeriod(rotation, now).start)));
      return override ? { bugmaster: override, overridden: true } : { bugmaster: bugmasterOn(rotation, now), overridden: false };
    },
    async setBugmaster(who, now = Date.now(), given) {
      if (typeof who !== 'string' || who.trim() === '') throw new TypeError('the bugmaster must be a name or a Slack user id');
      const rotation = given ? checkRotation(given, 'setBugmaster') : await storedRotationAt();
      if (!rotation) throw new Error('no rotation configured: give slackTransport a "rotation" option (the store keeps it for the CLI)');
      const period = rotationPeriod(rotation, now);
      // Kept a day past its period, then Redis forgets it.
      await call('bugmaster', (c) => c.set(keys.override(period.start), who.trim(), 'PX', Math.max(1, period.end - now + 86_400_000)));
      return { bugmaster: who.trim(), until: new Date(period.end).toISOString() };
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
