import { chmodSync, chownSync, existsSync, lchownSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
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

describe('the disk queue follows no link and trusts no stranger', () => {
  const victim = (text = 'precious\n'): string => {
    const file = join(tempDir('bm-victim-'), 'precious.txt');
    writeFileSync(file, text);
    return file;
  };
  const record = () => {
    const lines: string[] = [];
    return { lines, logger: { warn: (m: string) => void lines.push(m), error: (m: string) => void lines.push(m) } };
  };

  it('creates its folder owner-only and its files owner-only', () => {
    const dir = join(tempDir(), 'queue', 'nested');
    expect(new DiskQueue(dir, undefined, silent).write('http', [fakeEvent()])).toBe(true);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const [name] = readdirSync(dir);
    expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
  });

  it('a link planted under the next temp or queue name is never written through: the write fails or replaces the link, the target is untouched', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const now = Date.UTC(2026, 11, 3, 12, 0, 0);
      vi.setSystemTime(now);
      const time = String(now).padStart(15, '0');
      // Another local user guesses the names (time, pid, sequence) and plants links to a file the app can write.
      const dir = tempDir();
      const target = victim();
      for (let seq = 0; seq < 200; seq++) symlinkSync(target, join(dir, `.tmp-${time}-${process.pid}-${String(seq).padStart(10, '0')}-1.json`));
      const { lines, logger } = record();
      expect(new DiskQueue(dir, undefined, logger).write('http', [fakeEvent('planted tmp')])).toBe(false);
      expect(readFileSync(target, 'utf8')).toBe('precious\n');
      expect(lines.join('\n')).toContain('could not write');

      const dir2 = tempDir();
      const target2 = victim();
      for (let seq = 0; seq < 200; seq++) symlinkSync(target2, join(dir2, `${time}-${process.pid}-${String(seq).padStart(10, '0')}-1.json`));
      expect(new DiskQueue(dir2, undefined, silent).write('http', [fakeEvent('planted name')])).toBe(true);
      expect(readFileSync(target2, 'utf8')).toBe('precious\n');
      const written = readdirSync(dir2).filter((n) => !lstatSync(join(dir2, n)).isSymbolicLink());
      expect(written).toHaveLength(1);
      expect(readFileSync(join(dir2, written[0]), 'utf8')).toContain('planted name');
    } finally {
      vi.useRealTimers();
    }
  });

  it('claiming never follows a link: a planted batch-named link is removed, its target neither read, touched nor deleted', () => {
    const dir = tempDir();
    // The target even looks like a batch (a file the attacker wants replayed, or any file whose time they want reset).
    const elsewhere = tempDir('bm-elsewhere-');
    new DiskQueue(elsewhere, undefined, silent).write('http', [fakeEvent('smuggled')]);
    const target = join(elsewhere, readdirSync(elsewhere)[0]);
    const old = new Date(Date.now() - 3600_000);
    utimesSync(target, old, old);
    symlinkSync(target, join(dir, `${'1'.padStart(15, '0')}-1-0000000000-1.json`));
    symlinkSync(target, join(dir, `${'2'.padStart(15, '0')}-1-0000000000-1.json.claimed-999999999`));
    symlinkSync(target, join(dir, `.tmp-${'3'.padStart(15, '0')}-1-0000000000-1.json`));
    const queue = new DiskQueue(dir, undefined, silent);
    expect(queue.claim()).toEqual([]);
    expect(queue.stats.replayed).toBe(0);
    expect(Math.round(statSync(target).mtimeMs)).toBe(old.getTime());
    expect(readFileSync(target, 'utf8')).toContain('smuggled');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a world-writable folder, or another user\'s, is refused: one warning, persistence off, every refused event counted', () => {
    const open = tempDir();
    chmodSync(open, 0o777);
    new DiskQueue(open, undefined, silent).write('http', [fakeEvent('left before')]);
    const { lines, logger } = record();
    // Checked when the queue starts (a folder that exists), so what is in it is not replayed either.
    const queue = new DiskQueue(open, undefined, logger);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('world-writable');
    expect(queue.claim()).toEqual([]);
    expect(queue.write('http', [fakeEvent(), fakeEvent()])).toBe(false);
    expect(queue.write('http', [fakeEvent()])).toBe(false);
    expect(queue.stats.refused).toBe(3);
    expect(lines).toHaveLength(1);
    if (process.getuid?.() === 0) {
      const foreign = tempDir();
      chownSync(foreign, 65534, 65534);
      const other = record();
      const q = new DiskQueue(foreign, undefined, other.logger);
      expect(q.write('http', [fakeEvent()])).toBe(false);
      expect(other.lines.join('\n')).toContain('another user');
      expect(q.stats.refused).toBe(1);
    }
  });

  it('a folder reached through a link is used at its real path: pointing the link elsewhere later changes nothing', () => {
    const real = join(tempDir(), 'queue');
    const elsewhere = join(tempDir(), 'elsewhere');
    mkdirSync(real, { mode: 0o700 });
    mkdirSync(elsewhere, { mode: 0o700 });
    const link = join(tempDir(), 'queue-link');
    symlinkSync(real, link);
    const queue = new DiskQueue(link, undefined, silent);
    expect(queue.write('http', [fakeEvent('first')])).toBe(true);
    // Retargeted after the queue started (by whoever can write where the link lives).
    unlinkSync(link);
    symlinkSync(elsewhere, link);
    expect(queue.write('http', [fakeEvent('second')])).toBe(true);
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(readdirSync(real)).toHaveLength(2);
    expect(queue.claim().map((b) => b.events[0].exceptions[0].message)).toEqual(['first', 'second']);
  });

  it('a folder another user can replace is refused: inside a world-writable folder without the sticky bit, inside another user\'s folder, or a link another user owns', () => {
    const open = tempDir();
    chmodSync(open, 0o777);
    const inOpen = join(open, 'queue');
    mkdirSync(inOpen, { mode: 0o700 });
    const { lines, logger } = record();
    const queue = new DiskQueue(inOpen, undefined, logger);
    expect(queue.write('http', [fakeEvent()])).toBe(false);
    expect(queue.stats.refused).toBe(1);
    expect(lines.join('\n')).toContain('without the sticky bit');
    expect(readdirSync(inOpen)).toEqual([]);
    // The same folder with the sticky bit (as /tmp has) cannot be replaced by others: used.
    chmodSync(open, 0o1777);
    expect(new DiskQueue(inOpen, undefined, silent).write('http', [fakeEvent()])).toBe(true);
    if (process.getuid?.() === 0) {
      const theirs = tempDir();
      chownSync(theirs, 65534, 65534);
      const inTheirs = join(theirs, 'queue');
      mkdirSync(inTheirs, { mode: 0o700 });
      const other = record();
      expect(new DiskQueue(inTheirs, undefined, other.logger).write('http', [fakeEvent()])).toBe(false);
      expect(other.lines.join('\n')).toContain('belongs to another user');
      const mine = join(tempDir(), 'queue');
      mkdirSync(mine, { mode: 0o700 });
      const link = join(tempDir(), 'their-link');
      symlinkSync(mine, link);
      lchownSync(link, 65534, 65534);
      const third = record();
      expect(new DiskQueue(link, undefined, third.logger).write('http', [fakeEvent()])).toBe(false);
      expect(third.lines.join('\n')).toContain('link owned by another user');
      expect(readdirSync(mine)).toEqual([]);
    }
  });

  it('through init in a real process: an unsafe folder leaves the event counted as failed and refused, with one warning', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o777);
    const down = `http://127.0.0.1:${await deadPort()}/events`;
    const result = await runScript(
      `import { init, httpTransport } from 'SDK';
       const client = init({ transports: [httpTransport({ url: process.env.COLLECTOR })], persist: { dir: process.env.QUEUE_DIR },
         delivery: { maxRetries: 0 }, captureSignals: false });
       client.captureException(new Error('offline'));
       await client.close(1000);
       console.log(JSON.stringify({ disk: client.diskQueue(), stats: client.stats() }));`,
      { env: { COLLECTOR: down, QUEUE_DIR: dir } },
    );
    expect(result.code).toBe(0);
    const { disk, stats } = JSON.parse(result.stdout) as { disk: { refused: number; written: number }; stats: { captured: number; persisted: number; dropped: Record<string, number> } };
    expect(disk).toMatchObject({ refused: 1, written: 0 });
    expect(stats.persisted).toBe(0);
    expect(stats.dropped.transportFailed).toBe(1);
    expect(result.stderr.match(/persist\.dir .* is not used/g)).toHaveLength(1);
    expect(readdirSync(dir)).toEqual([]);
  });
});
