import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type Collector } from '../../core/test/collector';
import { freePort, hasRedis, redisServer, silentServer, type RedisServer } from './redis-server';

const SCRIPT = fileURLToPath(new URL('./fixtures/no-close.mjs', import.meta.url));
/** Far beyond any wait of the script (flush 5 s): a process still alive then is held by the store. */
const HELD_MS = 20_000;

function runScript(redisUrl: string, slackUrl: string): Promise<{ code: number | null; held: boolean; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SCRIPT, redisUrl, slackUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let held = false;
    const timer = setTimeout(() => {
      held = true;
      child.kill('SIGKILL');
    }, HELD_MS);
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, held, stdout });
    });
  });
}

describe.skipIf(!hasRedis).concurrent('the store\'s own connection never keeps the process alive', () => {
  let redis: RedisServer;
  let slack: Collector;
  beforeAll(async () => {
    [redis, slack] = await Promise.all([redisServer(), startCollector()]);
  });
  afterAll(async () => {
    await Promise.all([redis?.stop(), slack?.close()]);
  });

  it('Redis up: a script that flushed and never called close() exits', async () => {
    const r = await runScript(redis.url, slack.url);
    expect(r.held).toBe(false);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ sent: 1, storeErrors: 0 });
  }, HELD_MS + 5000);

  it('Redis down (connection refused, ioredis reconnecting): it exits too', async () => {
    const r = await runScript(`redis://127.0.0.1:${await freePort()}`, slack.url);
    expect(r.held).toBe(false);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).storeErrors).toBeGreaterThan(0);
  }, HELD_MS + 5000);

  it('a Redis that never answers: it exits too', async () => {
    const silent = await silentServer();
    try {
      const r = await runScript(silent.url, slack.url);
      expect(r.held).toBe(false);
      expect(r.code).toBe(0);
    } finally {
      await silent.close();
    }
  }, HELD_MS + 5000);
});
