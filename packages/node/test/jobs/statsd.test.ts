import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { instrumentJob, statsdSink } from '../../src/jobs';

let server: Socket;
let port: number;
let packets: Buffer[] = [];
const lines = () => packets.flatMap((p) => p.toString('utf8').split('\n'));
/** Called on every packet: a waiting `received(n)` checks its count there, no polling. */
let onPacket: () => void = () => undefined;

beforeAll(async () => {
  server = createSocket('udp4');
  server.on('message', (msg) => {
    packets.push(msg);
    onPacket();
  });
  await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  packets = [];
});

/** UDP on loopback is delivered in order: resolves on the packet that brings the count to n (the test's timeout bounds it). */
function received(n: number): Promise<string[]> {
  return new Promise((resolve) => {
    onPacket = () => {
      if (lines().length < n) return;
      onPacket = () => undefined;
      resolve(lines());
    };
    onPacket();
  });
}

describe('statsdSink over a real UDP socket', () => {
  it('writes timings, counters and gauges with a prefix and DogStatsD tags', async () => {
    const sink = statsdSink({ port, prefix: 'shop.', tags: { env: 'test' } });
    sink.timing('job.mail.duration', 12.3456, { queue: 'mail' });
    sink.increment('job.mail.ok');
    sink.increment('event.orders.paid', 3, { plan: 'pro,gold' });
    sink.gauge('event.orders.paid.window', 42);
    await sink.flush();
    expect(await received(4)).toEqual([
      'shop.job.mail.duration:12.346|ms|#env:test,queue:mail',
      'shop.job.mail.ok:1|c|#env:test',
      'shop.event.orders.paid:3|c|#env:test,plan:pro_gold',
      'shop.event.orders.paid.window:42|g|#env:test',
    ]);
    expect(packets).toHaveLength(1);
    await sink.close();
  });

  it('a prefix with StatsD separators is made safe like names', async () => {
    const sink = statsdSink({ port, prefix: 'my app:x|y.' });
    sink.increment('runs');
    await sink.close();
    expect(await received(1)).toEqual(['my_app_x_y.runs:1|c']);
  });

  it('Telegraf tag form, and names stripped of StatsD separators', async () => {
    const sink = statsdSink({ port, tagFormat: 'telegraf' });
    sink.timing('job.a:b|c.duration', 5, { queue: 'q 1' });
    sink.increment('plain');
    await sink.close();
    expect(await received(2)).toEqual(['job.a_b_c.duration,queue=q_1:5|ms', 'plain:1|c']);
  });

  it('batches many lines into packets of at most 1432 bytes, losing none', async () => {
    const sink = statsdSink({ port, flushIntervalMs: 10_000 });
    for (let i = 0; i < 500; i++) sink.increment(`job.bulk_${i}.ok`, 1, { queue: 'bulk' });
    await sink.flush();
    const got = await received(500);
    expect(got).toHaveLength(500);
    expect(new Set(got).size).toBe(500);
    expect(packets.length).toBeGreaterThan(1);
    expect(packets.length).toBeLessThan(500);
    for (const p of packets) expect(p.length).toBeLessThanOrEqual(1432);
    expect(sink.stats()).toMatchObject({ lines: 500, packets: packets.length, errors: 0 });
    await sink.close();
  });

  it('flushes on its own timer, and never throws (after close, oversized lines, NaN)', async () => {
    const sink = statsdSink({ port, flushIntervalMs: 5, maxPacketBytes: 100 });
    sink.increment('tick');
    expect(await received(1)).toEqual(['tick:1|c']);
    expect(() => sink.timing('x'.repeat(500), 1)).not.toThrow();
    expect(() => sink.timing('nan', Number.NaN)).not.toThrow();
    await sink.close();
    expect(() => sink.increment('after.close')).not.toThrow();
    expect(sink.stats().dropped).toBe(2);
  });

  it('instrumentJob emits job.<name>.duration and job.<name>.ok / failed to StatsD', async () => {
    const sink = statsdSink({ port });
    const job = instrumentJob('invoice', (fail: boolean) => {
      if (fail) throw new Error('nope');
      return 'ok';
    }, { sinks: [sink], tags: { queue: 'billing' } });
    job(false);
    expect(() => job(true)).toThrow('nope');
    await sink.close();
    const got = await received(4);
    expect(got.filter((l) => /^job\.invoice\.duration:[0-9.]+\|ms\|#queue:billing$/.test(l))).toHaveLength(2);
    expect(got).toContain('job.invoice.ok:1|c|#queue:billing');
    expect(got).toContain('job.invoice.failed:1|c|#queue:billing');
  });
});
