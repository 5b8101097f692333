import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Event } from '../src';
import { eventId } from '@bugmastery/core/internal';
import { DiskQueue } from '../src/persist';
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
  it('a crash while a request hangs keeps the event on disk: closing cuts the request short instead of waiting out its timeout', async () => {
    const dir = tempDir();
    const hang = await new Promise<{ url: string; close(): void }>((resolve) => {
      const sockets = new Set<import('node:net').Socket>();
      const server = createNetServer((socket) => void sockets.add(socket)).listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        resolve({ url: `http://127.0.0.1:${port}/events`, close: () => (sockets.forEach((s) => s.destroy()), server.close()) });
      });
    });
    try {
      const crashed = await runScript(
        `import { init, httpTransport } from 'SDK';
         init({ transports: [httpTransport({ url: process.env.COLLECTOR })], persist: { dir: process.env.QUEUE_DIR }, shutdownTimeoutMs: 800, logger: { warn() {}, error() {} } });
         setTimeout(() => { throw new Error('crashed while the network hangs'); }, 1);`,
        { env: { COLLECTOR: hang.url, QUEUE_DIR: dir } },
      );
      expect(crashed.code).toBe(1);
      const kept = readdirSync(dir).filter((n) => n.endsWith('.json'));
      expect(kept).toHaveLength(1);
      expect(readFileSync(join(dir, kept[0]), 'utf8')).toContain('crashed while the network hangs');
    } finally {
      hang.close();
    }
  });

  it('a batch kept long ago and claimed by a live process is not taken over by another one', async () => {
    const dir = tempDir();
    new DiskQueue(dir, undefined, silent).write('http', [fakeEvent('kept long ago')]);
    const [name] = readdirSync(dir);
    const old = new Date(Date.now() - 5 * 60_000);
    utimesSync(join(dir, name), old, old);
    const mine = new DiskQueue(dir, undefined, silent).claim();
    expect(mine).toHaveLength(1);
    // Another process sharing the directory starts now: its init claims what it may replay.
    const other = await runScript(
      `import { init } from 'SDK';
       const client = init({ persist: { dir: process.env.QUEUE_DIR }, logger: { warn() {}, error() {} } });
       console.log(JSON.stringify(client.diskQueue().replayed));
       await client.close();`,
      { env: { QUEUE_DIR: dir } },
    );
    expect(other.stdout.trim()).toBe('0');
    new DiskQueue(dir, undefined, silent).release(mine);
    expect(readdirSync(dir)).toEqual([]);
  });

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
