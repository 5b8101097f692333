#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { UnknownBugError, type Bug } from '@bugmastery/core';
import { parseDuration, UsageError } from './cli/duration';
import { bugDetails, bugTable } from './cli/format';
import { AmbiguousFingerprintError, redisStore, type RedisStore } from './store';

const USAGE = `usage: bugmastery <command> [options]

  inbox [--all] [--mine WHO]                 open bugs that need the bugmaster, most urgent first
  show FP                                    everything known about one bug
  snooze FP --occurrences N | --for 7d       quiet until N more occurrences, or for 30m / 12h / 7d
  assign FP WHO                              assign (it keeps notifying at thresholds)
  resolve FP                                 quiet until it happens again (then: regressed)
  reopen FP                                  back to open
  bugmaster [--set WHO]                      who is on duty now (or set who is, for this period)

  --redis URL     default $BUGMASTERY_REDIS_URL, else redis://127.0.0.1:6379
  --prefix P      the store's key prefix (default bugmastery:)
  --json          one JSON document on stdout
FP is a fingerprint or an unambiguous prefix of at least 6 characters.`;

interface Output {
  json: boolean;
  print(text: string, data: unknown): void;
}

type Command = (store: RedisStore, positionals: string[], flags: Flags, out: Output) => Promise<void>;
type Flags = { all?: boolean; mine?: string; occurrences?: string; for?: string; set?: string };

const needs = (positionals: string[], n: number, what: string): void => {
  if (positionals.length < n) throw new UsageError(`missing ${what}`);
  if (positionals.length > n) throw new UsageError(`unexpected argument "${positionals[n]}"`);
};

const state = (bug: Bug): string => (bug.status === 'assigned' ? `assigned to ${bug.assignee}` : bug.status);

const COMMANDS: Record<string, Command> = {
  async inbox(store, positionals, flags, out) {
    needs(positionals, 0, '');
    if (flags.all && flags.mine) throw new UsageError('give --all or --mine, not both');
    const bugs = flags.all ? await store.list() : flags.mine ? await store.list({ assignee: flags.mine }) : await store.list({ status: 'open' });
    const empty = flags.all ? 'No bugs.' : flags.mine ? `Nothing assigned to ${flags.mine}.` : 'Inbox zero: no open bug needs the bugmaster.';
    out.print(bugs.length === 0 ? empty : bugTable(bugs, !!(flags.all || flags.mine)), bugs);
  },
  async show(store, positionals, _flags, out) {
    needs(positionals, 1, 'fingerprint');
    const fingerprint = await store.find(positionals[0]);
    const bug = await store.get(fingerprint);
    if (!bug) throw new UnknownBugError(fingerprint);
    out.print(bugDetails(bug), bug);
  },
  async snooze(store, positionals, flags, out) {
    needs(positionals, 1, 'fingerprint');
    if ((flags.occurrences === undefined) === (flags.for === undefined)) throw new UsageError('snooze takes one of --occurrences N or --for DURATION');
    let until: { occurrences?: number; forMs?: number };
    if (flags.occurrences !== undefined) {
      const n = Number(flags.occurrences);
      if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--occurrences must be a positive whole number, got "${flags.occurrences}"`);
      until = { occurrences: n };
    } else until = { forMs: parseDuration(flags.for!) };
    const bug = await store.snooze(await store.find(positionals[0]), until);
    const end = bug.snoozedUntil?.count !== undefined ? `until the count reaches ${bug.snoozedUntil.count}` : `until ${bug.snoozedUntil?.time}`;
    out.print(`${bug.fingerprint} snoozed ${end} (now ${bug.count}): ${bug.title}`, bug);
  },
  async assign(store, positionals, _flags, out) {
    needs(positionals, 2, positionals.length === 0 ? 'fingerprint and assignee' : 'assignee');
    const bug = await store.assign(await store.find(positionals[0]), positionals[1]);
    out.print(`${bug.fingerprint} ${state(bug)}: ${bug.title}`, bug);
  },
  async resolve(store, positionals, _flags, out) {
    needs(positionals, 1, 'fingerprint');
    const bug = await store.resolve(await store.find(positionals[0]));
    out.print(`${bug.fingerprint} resolved: ${bug.title}`, bug);
  },
  async reopen(store, positionals, _flags, out) {
    needs(positionals, 1, 'fingerprint');
    const bug = await store.reopen(await store.find(positionals[0]));
    out.print(`${bug.fingerprint} open: ${bug.title}`, bug);
  },
  async bugmaster(store, positionals, flags, out) {
    needs(positionals, 0, '');
    if (flags.set !== undefined) {
      const set = await store.setBugmaster(flags.set);
      return out.print(`${set.bugmaster} is bugmaster until ${set.until}`, set);
    }
    const duty = await store.onDuty();
    if (!duty) throw new Error('no rotation configured: give slackTransport a "rotation" option and a counter on this store');
    out.print(`${duty.bugmaster}${duty.overridden ? ' (set for this period)' : ''}`, { bugmaster: duty.bugmaster, overridden: duty.overridden });
  },
};

/** One line on stderr, never a stack trace. */
function describeError(err: unknown, redisUrl: string): string {
  if (err instanceof UsageError || err instanceof UnknownBugError || err instanceof AmbiguousFingerprintError || err instanceof TypeError) return err.message;
  const message = err instanceof Error ? err.message : String(err);
  if (message.startsWith('no rotation')) return message;
  // ioredis says "Reached the max retries per request limit…" when it could not connect.
  return `cannot reach Redis at ${redisUrl}: ${/max retries/i.test(message) ? 'connection failed' : message}`;
}

/** The store's option errors, told in the CLI's own words: the flag (or variable) the value came from. */
function storeFor(url: string, prefix: string | undefined, fromEnv: boolean): RedisStore {
  try {
    return redisStore({ url, prefix, timeoutMs: 2000 });
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).replace(/^\[bugmastery\] redisStore: /, '');
    throw new UsageError(
      message
        .replace(/^option "url"/, fromEnv ? 'BUGMASTERY_REDIS_URL' : '--redis')
        .replace(/^option "prefix"/, '--prefix'),
    );
  }
}

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  const parse = () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        redis: { type: 'string' }, prefix: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
        all: { type: 'boolean' }, mine: { type: 'string' }, occurrences: { type: 'string' }, for: { type: 'string' }, set: { type: 'string' },
      },
    });
  try {
    parsed = parse();
  } catch (err) {
    // parseArgs explains some mistakes over several lines (how to pass "-3"): one line on stderr.
    process.stderr.write(`bugmastery: ${(err as Error).message.trim().replace(/\s*\n\s*/g, ' ')}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [name, ...rest] = positionals;
  if (values.help || name === undefined || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined && !values.help ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`bugmastery: unknown command "${name}" (inbox, show, snooze, assign, resolve, reopen, bugmaster)\n`);
    return 2;
  }
  const fromEnv = values.redis === undefined && process.env.BUGMASTERY_REDIS_URL !== undefined;
  const url = values.redis ?? process.env.BUGMASTERY_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const out: Output = {
    json: !!values.json,
    print: (text, data) => process.stdout.write(`${values.json ? JSON.stringify(data, null, 2) : text}\n`),
  };
  let store: RedisStore | undefined;
  try {
    store = storeFor(url, values.prefix, fromEnv);
  } catch (err) {
    process.stderr.write(`bugmastery: ${(err as Error).message}\n`);
    return 2;
  }
  try {
    await store.connection.call('ping', (c) => c.ping());
    await command(store, rest, values, out);
    return 0;
  } catch (err) {
    process.stderr.write(`bugmastery: ${describeError(err, url)}\n`);
    return err instanceof UsageError ? 2 : 1;
  } finally {
    await store?.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`bugmastery: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
