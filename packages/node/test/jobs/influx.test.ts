import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePoint, influxSink, instrumentJob } from '../../src/jobs';
import { requireBinary, startInfluxd, type Influxd } from './services';

describe('line protocol', () => {
  it('escapes measurement, tags and fields, sorts tags and skips empty ones', () => {
    expect(
      encodePoint({
        measurement: 'job.mail sender,x',
        tags: { queue: 'a b', env: 'x=y,z', empty: '' },
        fields: { value: 1.5, n: { int: 3 }, msg: 'say "hi"\\', ok: true },
        timestampMs: 1700000000123,
        sequence: 7,
      }),
    ).toBe('job.mail\\ sender\\,x,env=x\\=y\\,z,queue=a\\ b value=1.5,n=3i,msg="say \\"hi\\"\\\\",ok=true 1700000000123000007');
    expect(encodePoint({ measurement: 'm', fields: { value: Number.NaN }, timestampMs: 1 })).toBeUndefined();
  });

  it('keeps backslashes as InfluxDB 1.x reads them, and never ends a tag with one (it would escape the separator and fail the batch)', () => {
    expect(encodePoint({ measurement: 'm', tags: { path: 'C:\\jobs\\', mid: 'a\\b' }, fields: { value: 1 }, timestampMs: 1 })).toBe('m,mid=a\\b,path=C:\\jobs_ value=1 1000000');
  });
});

const influxd = requireBinary('influxd', 'influxdb');

describe.skipIf(!influxd)('influxSink against a real InfluxDB 1.x', () => {
  let server: Influxd | undefined;
  let base = '';
  const query = (q: string) => server!.query(q, 'jobs');

  beforeAll(async () => {
    server = await startInfluxd();
    base = server.url;
    await server.createDatabase('jobs');
  }, 20_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('written points can be queried back', async () => {
    const sink = influxSink({ url: base, database: 'jobs', prefix: 'app', tags: { host: 'test-1' } });
    const job = instrumentJob('thumbnail', (fail: boolean) => {
      if (fail) throw new Error('corrupt image');
    }, { sinks: [sink], tags: { queue: 'media' } });
    job(false);
    job(false);
    expect(() => job(true)).toThrow('corrupt image');
    sink.gauge('event.orders.paid.window', 17);
    await sink.flush();
    expect(sink.stats()).toMatchObject({ sent: 7, failed: 0, requests: 1, dropped: 0 });

    const durations = await query('SELECT value, queue, host FROM "app.job.thumbnail.duration"');
    const series = durations.results[0].series?.[0];
    expect(series?.values).toHaveLength(3);
    expect(series?.columns).toEqual(['time', 'value', 'queue', 'host']);
    for (const row of series?.values ?? []) {
      expect(typeof row[1]).toBe('number');
      expect(row.slice(2)).toEqual(['media', 'test-1']);
    }
    const ok = await query('SELECT sum(value) FROM "app.job.thumbnail.ok"');
    expect(ok.results[0].series?.[0].values[0][1]).toBe(2);
    const failed = await query('SELECT sum(value) FROM "app.job.thumbnail.failed"');
    expect(failed.results[0].series?.[0].values[0][1]).toBe(1);
    const gauge = await query('SELECT last(value) FROM "app.event.orders.paid.window"');
    expect(gauge.results[0].series?.[0].values[0][1]).toBe(17);
    await sink.close();
  });

  it('batches by maxBatch: 2,500 points in 3 requests, none collapsing within a millisecond', async () => {
    const sink = influxSink({ url: base, database: 'jobs', maxBatch: 1000 });
    for (let i = 0; i < 2500; i++) sink.timing('bulk.duration', i, { shard: String(i % 5) });
    await sink.flush();
    expect(sink.stats()).toMatchObject({ sent: 2500, requests: 3, failed: 0 });
    const count = await query('SELECT count(value) FROM "bulk.duration"');
    expect(count.results[0].series?.[0].values[0][1]).toBe(2500);
    await sink.close();
  });
});

describe('influxSink: v2 endpoint and the shared delivery layer (real HTTP server)', () => {
  let server: Server;
  let url = '';
  const requests: Array<{ path: string; headers: IncomingMessage['headers']; body: string }> = [];
  let script: number[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        requests.push({ path: req.url ?? '', headers: req.headers, body });
        const status = script.shift() ?? 204;
        if (status === 429) res.setHeader('retry-after', '30');
        res.writeHead(status).end(status === 204 ? '' : '{"code":"x"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('POSTs line protocol to /api/v2/write with org, bucket, ms precision and a Token, retrying a 503', async () => {
    requests.length = 0;
    script = [503];
    const sink = influxSink({ url: `${url}/`, org: 'acme', bucket: 'jobs', token: 's3cret', delivery: { baseDelayMs: 5, maxDelayMs: 20 } });
    sink.timing('job.mail.duration', 12.5, { queue: 'mail' });
    sink.increment('job.mail.ok', 1, { queue: 'mail' });
    await sink.flush();
    expect(requests).toHaveLength(2);
    const last = requests[1];
    const target = new URL(last.path, url);
    expect(target.pathname).toBe('/api/v2/write');
    expect(Object.fromEntries(target.searchParams)).toEqual({ org: 'acme', bucket: 'jobs', precision: 'ns' });
    expect(last.headers.authorization).toBe('Token s3cret');
    expect(last.headers['content-type']).toBe('text/plain; charset=utf-8');
    const lines = last.body.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^job\.mail\.duration,queue=mail value=12\.5 \d{19}$/);
    expect(lines[1]).toMatch(/^job\.mail\.ok,queue=mail value=1 \d{19}$/);
    expect(requests[0].body).toBe(last.body);
    expect(sink.stats()).toMatchObject({ sent: 2, retried: 1, requests: 2, failed: 0 });
    await sink.close();
  });

  it('v1 path with basic auth; a 429 pauses the sink (no retry storm) and a 400 is not retried', async () => {
    requests.length = 0;
    script = [429];
    const warnings: string[] = [];
    const sink = influxSink({
      url,
      database: 'metrics',
      retentionPolicy: 'short',
      username: 'bm',
      password: 'pw',
      logger: { warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
    });
    sink.increment('a');
    await sink.flush();
    sink.increment('b');
    await sink.flush();
    expect(requests).toHaveLength(1); // the second batch waits out Retry-After instead of hammering
    const target = new URL(requests[0].path, url);
    expect(target.pathname).toBe('/write');
    expect(Object.fromEntries(target.searchParams)).toEqual({ db: 'metrics', rp: 'short', precision: 'ns' });
    expect(requests[0].headers.authorization).toBe(`Basic ${Buffer.from('bm:pw').toString('base64')}`);
    expect(sink.stats()).toMatchObject({ sent: 0, failed: 2 });
    expect(warnings.join('\n')).toContain('rate limited');
    await sink.close();

    requests.length = 0;
    script = [400];
    const strict = influxSink({ url, database: 'metrics', logger: { warn: () => undefined, error: () => undefined } });
    strict.increment('bad');
    await strict.flush();
    expect(requests).toHaveLength(1);
    expect(strict.stats()).toMatchObject({ retried: 0, failed: 1 });
    await strict.close();
  });

  it('rejects incomplete options at construction', () => {
    expect(() => influxSink({ url: 'not a url', database: 'x' })).toThrow(TypeError);
    expect(() => influxSink({ url })).toThrow(/database/);
  });
});
