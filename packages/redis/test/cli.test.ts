import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisStore, type RedisStore } from '../src';
import { bugmastery } from './fleet';
import { freePort, hasRedis, redisServer, type RedisServer } from './redis-server';

/** The built CLI in child processes: every mistake is one clear line on stderr and a non-zero exit. */
describe.skipIf(!hasRedis)('bugmastery CLI errors', () => {
  let redis: RedisServer;
  let store: RedisStore;
  const prefix = 'cli:';
  const cli = (...args: string[]) => bugmastery([...args, '--redis', redis.url, '--prefix', prefix]);

  beforeAll(async () => {
    redis = await redisServer();
    store = redisStore({ url: redis.url, prefix });
    // Two bugs whose fingerprints share their first 8 characters.
    for (const fingerprint of ['abcdef0011111111', 'abcdef0022222222']) {
      await store.record({ fingerprint, occurrences: 1, consumer: 'slack', notifyAt: [1, 10], now: Date.now(), summary: { title: `Error: ${fingerprint}` } });
    }
  });
  afterAll(async () => {
    await store?.close();
    await redis?.stop();
  });

  const expectOneLine = (r: { code: number | null; stdout: string; stderr: string }, code: number, message: RegExp) => {
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  };

  it('unknown fingerprint', async () => expectOneLine(await cli('show', 'ffffffffff'), 1, /^bugmastery: unknown fingerprint "ffffffffff"$/m));
  it('ambiguous prefix', async () => expectOneLine(await cli('resolve', 'abcdef00'), 1, /ambiguous: abcdef0011111111, abcdef0022222222/));
  it('a prefix under 6 characters is not a fingerprint', async () => expectOneLine(await cli('show', 'abcde'), 1, /unknown fingerprint "abcde"/));
  it('an unambiguous prefix works', async () => {
    const r = await cli('resolve', 'abcdef001');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('abcdef0011111111 resolved');
  });
  it('bad duration', async () => expectOneLine(await cli('snooze', 'abcdef002', '--for', 'soon'), 2, /bad duration "soon": use a number and a unit, e.g. 30m, 12h, 7d/));
  it('snooze without an end', async () => expectOneLine(await cli('snooze', 'abcdef002'), 2, /one of --occurrences N or --for DURATION/));
  it('unknown command and unknown option', async () => {
    expectOneLine(await cli('fix', 'abcdef002'), 2, /unknown command "fix"/);
    expectOneLine(await cli('inbox', '--every'), 2, /Unknown option '--every'/);
  });
  it('Redis down', async () => {
    const port = await freePort(); // nothing listens there
    expectOneLine(await bugmastery(['inbox', '--redis', `redis://127.0.0.1:${port}`]), 1, new RegExp(`cannot reach Redis at redis://127.0.0.1:${port}`));
  });
  it('a bad --redis, BUGMASTERY_REDIS_URL or --prefix: a usage error naming where the value came from', async () => {
    expectOneLine(await bugmastery(['inbox', '--redis', 'http://127.0.0.1:6379']), 2, /^bugmastery: --redis must use redis:\/\/ or rediss:\/\/, got "http:"$/m);
    expectOneLine(await bugmastery(['inbox'], { BUGMASTERY_REDIS_URL: 'localhost' }), 2, /^bugmastery: BUGMASTERY_REDIS_URL is not a valid URL: "localhost"/m);
    expectOneLine(await bugmastery(['inbox', '--redis', redis.url, '--prefix', '']), 2, /^bugmastery: --prefix must be a non-empty string/m);
  });
  it('an option value that looks like an option: parseArgs\'s hint on the same line', async () =>
    expectOneLine(await cli('snooze', 'abcdef002', '--occurrences', '-3'), 2, /argument is ambiguous\. Did you forget .* use '--occurrences=-XYZ'/));
  it('--redis defaults to BUGMASTERY_REDIS_URL', async () => {
    const r = await bugmastery(['inbox', '--all', '--json', '--prefix', prefix], { BUGMASTERY_REDIS_URL: redis.url });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as unknown[]).length).toBe(2);
  });
  it('the inbox table fits 120 columns', async () => {
    const r = await cli('inbox', '--all');
    for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(120);
  });
});
