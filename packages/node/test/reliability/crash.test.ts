import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Event } from '@bugmastery/core';
import { runScript, tempDir } from '../support/child';
import { deadPort, startCollector, type Collector } from '../support/collector';

/** A collector that reads each request and then never answers: the child is mid-delivery for as long as we like. */
async function hangingCollector(onRequest: (events: Event[]) => void): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        onRequest((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { events: Event[] }).events);
      } catch {
        onRequest([]);
      }
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function collector(): Promise<Collector> {
  const c = await startCollector();
  closers.push(() => c.close());
  return c;
}

/** init with a disk queue; MODE picks what the child does after init. Prints the disk stats on a clean exit. */
const script = `
  const mode = process.env.MODE;
  if (process.env.DISK_FULL) {
    // Every write in the persist directory fails as a full disk does.
    const fs = (await import('node:fs')).default;
    const { syncBuiltinESMExports } = await import('node:module');
    const full = () => { const e = new Error('ENOSPC: no space left on device, write'); e.code = 'ENOSPC'; throw e; };
    fs.writeFileSync = full;
    fs.writeSync = full;
    syncBuiltinESMExports();
  }
  const { init, httpTransport } = await import('SDK');
  const client = init({
    transports: [httpTransport({ url: process.env.COLLECTOR })],
    persist: { dir: process.env.QUEUE_DIR },
    shutdownTimeoutMs: 800,
    dedupeWindowMs: 0,
    batch: { maxDelayMs: 1 },
    delivery: { timeoutMs: 300, maxRetries: 1, baseDelayMs: 10, maxDelayMs: 20 },
    logger: { warn: () => {}, error: () => {} },
  });
  const report = () => console.log('STATS ' + JSON.stringify({ disk: client.diskQueue(), stats: client.stats() }));
  console.log('STARTED');
  if (mode === 'capture-and-wait') {
    client.captureException(new Error('in flight when killed'));
    setInterval(() => {}, 1000);
  } else if (mode === 'replay-and-wait') {
    setInterval(() => {}, 1000);
  } else if (mode === 'crash-offline') {
    setTimeout(() => { throw new Error('crashed while offline'); }, 1);
  } else if (mode === 'uncaught-during-flush') {
    client.captureException(new Error('captured before the flush'));
    client.flush(5000).then((ok) => console.log('FLUSHED ' + ok));
    setTimeout(() => { throw new Error('uncaught during flush'); }, 20);
  } else if (mode === 'capture-offline-and-close') {
    for (let i = 0; i < 3; i++) client.captureException(new Error('offline ' + i));
    setTimeout(async () => { await client.close(1000); report(); }, 1);
  } else {
    setTimeout(async () => { await client.flush(2000); report(); await client.close(); }, 1);
  }
`;

function stats(stdout: string): { disk: Record<string, number>; stats: { captured: number; delivered: number; persisted: number; dropped: Record<string, number> } } {
  const line = stdout.split('\n').find((l) => l.startsWith('STATS '));
  if (!line) throw new Error(`no STATS line in: ${stdout}`);
  return JSON.parse(line.slice(6));
}

function queueFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => n.endsWith('.json') || n.includes('.claimed-'));
  } catch {
    return [];
  }
}

/** Runs the child until the hanging collector receives a request, then kill -9. */
async function killDuringDelivery(env: Record<string, string>): Promise<Event[]> {
  let child: ChildProcess | undefined;
  let seen: Event[] = [];
  const hang = await hangingCollector((events) => {
    seen = events;
    child?.kill('SIGKILL');
  });
  closers.push(() => hang.close());
  const result = await runScript(script, {
    env: { ...env, COLLECTOR: hang.url },
    // The request can arrive before the child's first line does: kill it then, whichever comes second.
    onStdout: (_text, c) => {
      child = c;
      if (seen.length > 0) c.kill('SIGKILL');
    },
  });
  expect(result.signal).toBe('SIGKILL');
  return seen;
}

describe('kill -9 during delivery', () => {
  it('an event in flight dies with the process; the next start is clean and never duplicates', async () => {
    const dir = tempDir();
    const inFlight = await killDuringDelivery({ MODE: 'capture-and-wait', QUEUE_DIR: dir });
    expect(inFlight).toHaveLength(1);
    const c = await collector();
    const next = await runScript(script, { env: { MODE: 'idle', QUEUE_DIR: dir, COLLECTOR: c.url } });
    expect(next.code).toBe(0);
    // Not persisted before the kill (the disk queue keeps what failed, not what is in flight): nothing to replay, nothing twice.
    expect(c.events.filter((e) => e.id === inFlight[0].id).length).toBeLessThanOrEqual(1);
    expect(stats(next.stdout).disk.corrupt).toBe(0);
  });

  // The claimed file stays on disk until the replay settles, so kill -9 mid-replay loses nothing.
  it('events already on disk survive a kill -9 during their replay and are delivered exactly once', async () => {
    const dir = tempDir();
    const crashed = await runScript(script, { env: { MODE: 'crash-offline', QUEUE_DIR: dir, COLLECTOR: `http://127.0.0.1:${await deadPort()}/x` } });
    expect(crashed.code).toBe(1);
    expect(queueFiles(dir)).toHaveLength(1);
    const replaying = await killDuringDelivery({ MODE: 'replay-and-wait', QUEUE_DIR: dir });
    expect(replaying.map((e) => e.exceptions[0].message)).toEqual(['crashed while offline']);
    const c = await collector();
    const next = await runScript(script, { env: { MODE: 'idle', QUEUE_DIR: dir, COLLECTOR: c.url } });
    expect(next.code).toBe(0);
    expect(c.events.filter((e) => e.exceptions[0]?.message === 'crashed while offline')).toHaveLength(1);
  });
});

describe('uncaught exception during a flush', () => {
  it('both events are delivered once and the process exits 1 within its shutdown budget', async () => {
    const c = await collector();
    const dir = tempDir();
    const result = await runScript(script, { env: { MODE: 'uncaught-during-flush', QUEUE_DIR: dir, COLLECTOR: c.url } });
    expect(result.code).toBe(1);
    const messages = c.events.map((e) => e.exceptions[0]?.message).sort();
    expect(messages).toEqual(['captured before the flush', 'uncaught during flush']);
    expect(new Set(c.events.map((e) => e.id)).size).toBe(c.events.length);
    expect(queueFiles(dir)).toEqual([]);
  });

  it('…and with the collector down, both are kept on disk and delivered exactly once on the next start', async () => {
    const dir = tempDir();
    const down = `http://127.0.0.1:${await deadPort()}/x`;
    const crashed = await runScript(script, { env: { MODE: 'uncaught-during-flush', QUEUE_DIR: dir, COLLECTOR: down } });
    expect(crashed.code).toBe(1);
    const c = await collector();
    const next = await runScript(script, { env: { MODE: 'idle', QUEUE_DIR: dir, COLLECTOR: c.url } });
    expect(next.code).toBe(0);
    expect(c.events.map((e) => e.exceptions[0]?.message).sort()).toEqual(['captured before the flush', 'uncaught during flush']);
    const again = await runScript(script, { env: { MODE: 'idle', QUEUE_DIR: dir, COLLECTOR: c.url } });
    expect(again.code).toBe(0);
    expect(c.events).toHaveLength(2);
  });
});

describe('out of disk in the persist directory', () => {
  it('writes fail with ENOSPC: the app keeps running, the events are counted as lost, never thrown', async () => {
    const dir = tempDir();
    const down = `http://127.0.0.1:${await deadPort()}/x`;
    const result = await runScript(script, { env: { MODE: 'capture-offline-and-close', QUEUE_DIR: dir, COLLECTOR: down, DISK_FULL: '1' } });
    expect(result.code).toBe(0);
    const s = stats(result.stdout);
    expect(s.disk.written).toBe(0);
    expect(s.stats.persisted).toBe(0);
    expect(s.stats.dropped.transportFailed).toBe(3);
    expect(s.stats.captured).toBe(3);
    expect(queueFiles(dir)).toEqual([]);
  });

  it('a crash with a full disk still exits 1 promptly (no hang on the way out)', async () => {
    const dir = tempDir();
    const down = `http://127.0.0.1:${await deadPort()}/x`;
    const result = await runScript(script, { env: { MODE: 'crash-offline', QUEUE_DIR: dir, COLLECTOR: down, DISK_FULL: '1' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('crashed while offline');
  });
});

describe('a corrupt queue never breaks init', () => {
  it('garbage, truncated, hostile and misnamed files are skipped; good batches are delivered once', async () => {
    const dir = tempDir();
    const good: Event = {
      id: 'a'.repeat(32), timestamp: new Date().toISOString(), level: 'error', environment: 'test', fingerprint: 'f00d',
      exceptions: [{ type: 'Error', message: 'kept from last run', frames: [], mechanism: { type: 'generic', handled: true } }],
      tags: {}, contexts: {}, breadcrumbs: [], sdk: { name: 't', version: '0' }, platform: 'node', occurrences: 1,
    };
    writeFileSync(join(dir, '000000000000001-1-0000000000-1.json'), Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80]));
    writeFileSync(join(dir, '000000000000002-1-0000000000-1.json'), '{"transport":"http","events":[{"id":');
    writeFileSync(join(dir, '000000000000003-1-0000000000-1.json'), '');
    writeFileSync(join(dir, '000000000000004-1-0000000000-1.json'), 'null');
    writeFileSync(join(dir, '000000000000005-1-0000000000-1.json'), '{"transport":{"__proto__":{"polluted":1}},"events":"nope"}');
    writeFileSync(join(dir, '000000000000006-1-0000000000-1.json'), JSON.stringify({ transport: 'http', events: [{ __proto__: { polluted: 1 } }, 42, null] }));
    mkdirSync(join(dir, '000000000000007-1-0000000000-1.json'));
    writeFileSync(join(dir, '000000000000008-1-0000000000-1.json'), JSON.stringify({ transport: 'http', events: [good] }));
    writeFileSync(join(dir, 'not-a-queue-file.txt'), 'hello');
    const c = await collector();
    const result = await runScript(script + `\nif (({}).polluted) console.log('POLLUTED');`, { env: { MODE: 'idle', QUEUE_DIR: dir, COLLECTOR: c.url } });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('POLLUTED');
    expect(c.events.map((e) => e.id)).toEqual([good.id]);
    expect(stats(result.stdout).disk.corrupt).toBeGreaterThanOrEqual(5);
  });
});

describe('source maps and context lines stay inside the app', () => {
  it('a crafted sourceMappingURL or stack path never reads files outside the app roots', async () => {
    const root = tempDir('bm-traversal-');
    const app = join(root, 'app');
    const outside = join(root, 'outside');
    mkdirSync(app);
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), 'TOPSECRETLINE\n'.repeat(20));
    writeFileSync(
      join(outside, 'evil.js.map'),
      JSON.stringify({ version: 3, file: 'evil.js', sources: ['../outside/secret.txt'], sourcesContent: ['TOPSECRETSOURCE\n'.repeat(20)], names: [], mappings: 'AAAA;AACA' }),
    );
    const c = await collector();
    const source = `
      import { init, httpTransport } from 'SDK';
      const client = init({ transports: [httpTransport({ url: process.env.COLLECTOR })], batch: { maxDelayMs: 1 }, logger: { warn() {}, error() {} } });
      const viaMap = new Error('thrown from a file with a crafted map');
      viaMap.stack = 'Error: x\\n    at run (' + ${JSON.stringify(join(app, 'main.mjs'))} + ':2:1)';
      client.captureException(viaMap);
      const viaStack = new Error('stack pointing outside');
      viaStack.stack = 'Error: y\\n    at steal (' + ${JSON.stringify(join(outside, 'secret.txt'))} + ':3:1)\\n    at etc (/etc/passwd:1:1)\\n    at up (' + ${JSON.stringify(app + '/../outside/secret.txt')} + ':1:1)';
      client.captureException(viaStack);
      await client.close(2000);
      //# sourceMappingURL=../outside/evil.js.map
    `;
    const result = await runScript(source, { cwd: app, env: { COLLECTOR: c.url } });
    expect(result.code).toBe(0);
    expect(c.events).toHaveLength(2);
    const wire = JSON.stringify(c.events);
    expect(wire).not.toContain('TOPSECRET');
    expect(wire).not.toContain('root:x:0:0');
  });
});
