import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskQueue, eventId, type Event } from '../src';
import { runScript, tempDir } from './support/child';
import { deadPort, startCollector } from './support/collector';

const silent = { warn: () => undefined, error: () => undefined };

function fakeEvent(message = 'kept'): Event {
  return {
    id: eventId(),
    timestamp: new Date().toISOString(),
    level: 'error',
    environment: 'test',
    fingerprint: 'abc',
    exceptions: [{ type: 'Error', message, frames: [], mechanism: { type: 'generic', handled: true } }],
    tags: {},
    contexts: {},
    breadcrumbs: [],
    sdk: { name: 'test', version: '0' },
    platform: 'node',
    occurrences: 1,
  };
}

describe('DiskQueue', () => {
  it('writes atomically and hands every batch back exactly once', () => {
    const dir = tempDir();
    const queue = new DiskQueue(dir, undefined, silent);
    const a = [fakeEvent('a1'), fakeEvent('a2')];
    expect(queue.write('http', a)).toBe(true);
    expect(queue.write('sentry', [fakeEvent('b')])).toBe(true);
    expect(readdirSync(dir).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
    const other = new DiskQueue(dir, undefined, silent);
    const batches = other.claim();
    expect(batches.map((b) => b.transport)).toEqual(['http', 'sentry']);
    expect(batches[0].events.map((e) => e.id)).toEqual(a.map((e) => e.id));
    expect(other.stats.replayed).toBe(3);
    // Claimed files stay until the replay settles; nobody in this process claims them twice.
    expect(readdirSync(dir).every((n) => n.includes(`.claimed-${process.pid}`))).toBe(true);
    expect(queue.claim()).toEqual([]);
    other.release(batches);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('stays under maxBytes by dropping the oldest batches, and counts them', () => {
    const dir = tempDir();
    const one = JSON.stringify({ transport: 'http', events: [fakeEvent('x')] }).length;
    const queue = new DiskQueue(dir, one * 3 + 50, silent);
    for (let i = 0; i < 10; i++) queue.write('http', [fakeEvent(`e${i}`)]);
    expect(queue.stats.written).toBe(10);
    expect(queue.stats.dropped).toBe(7);
    const kept = new DiskQueue(dir, undefined, silent).claim().map((b) => b.events[0].exceptions[0].message);
    expect(kept).toEqual(['e7', 'e8', 'e9']);
  });

  it('refuses one batch bigger than the whole budget', () => {
    const queue = new DiskQueue(tempDir(), 100, silent);
    expect(queue.write('http', [fakeEvent('too big')])).toBe(false);
    expect(queue.stats.dropped).toBe(1);
  });

  it('skips and removes a corrupt file without failing', () => {
    const dir = tempDir();
    const queue = new DiskQueue(dir, undefined, silent);
    queue.write('http', [fakeEvent('good')]);
    writeFileSync(join(dir, '000000000000001-1-0-1.json'), '{"transport":"http","events":[{"id":');
    writeFileSync(join(dir, '000000000000002-1-0-1.json'), '{"transport":"http","events":[{"no":"id"}]}');
    const batches = queue.claim();
    expect(batches).toHaveLength(1);
    expect(batches[0].events[0].exceptions[0].message).toBe('good');
    expect(queue.stats.corrupt).toBe(2);
    queue.release(batches);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a missing directory is an empty queue', () => {
    expect(new DiskQueue(join(tempDir(), 'nope'), undefined, silent).claim()).toEqual([]);
  });
});

describe('persist across a crash (real child processes)', () => {
  it('a child that crashes while the service is down delivers the event on its next start', async () => {
    const dir = tempDir();
    const script = `
      import { init, httpTransport } from 'SDK';
      const client = init({
        transports: [httpTransport({ url: process.env.COLLECTOR })],
        persist: { dir: process.env.QUEUE_DIR },
        shutdownTimeoutMs: 1000,
      });
      if (process.env.CRASH) setTimeout(() => { throw new Error('crashed while offline'); }, 1);
      else setTimeout(async () => { console.log(JSON.stringify(client.diskQueue())); await client.close(); }, 1);
    `;
    const down = `http://127.0.0.1:${await deadPort()}/events`;
    const crashed = await runScript(script, { env: { COLLECTOR: down, QUEUE_DIR: dir, CRASH: '1' } });
    expect(crashed.code).toBe(1);
    const kept = readdirSync(dir).filter((n) => n.endsWith('.json'));
    expect(kept).toHaveLength(1);

    const collector = await startCollector();
    try {
      const restarted = await runScript(script, { env: { COLLECTOR: collector.url, QUEUE_DIR: dir } });
      expect(restarted.code).toBe(0);
      expect(JSON.parse(restarted.stdout)).toMatchObject({ replayed: 1, corrupt: 0 });
      const events = collector.events.filter((e) => e.exceptions[0]?.message === 'crashed while offline');
      expect(events).toHaveLength(1);
      expect(events[0].exceptions[0].mechanism.type).toBe('onuncaughtexception');
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await collector.close();
    }
    expect(existsSync(dir)).toBe(true);
  });
});
