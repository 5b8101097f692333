import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bugsnagTransport, createClient, httpTransport, pagerDutyTransport, sentryTransport, slackTransport, type Transport } from '../../src';
import { startCollector, type Collector } from '../collector';
import { expectAccounted, fastDelivery, quiet, totalDropped } from './accounting';

/** A loopback port nobody listens on: connection refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('service transports fail alone', () => {
  let servers: Record<'sentry' | 'bugsnag' | 'slack' | 'pagerduty' | 'http', Collector>;
  beforeEach(async () => {
    const [sentry, bugsnag, slack, pagerduty, http] = await Promise.all([startCollector(), startCollector(), startCollector(), startCollector(), startCollector()]);
    servers = { sentry, bugsnag, slack, pagerduty, http };
  });
  afterEach(async () => {
    await Promise.all(Object.values(servers).map((s) => s.close()));
  });

  const all = (overrides: Partial<Record<keyof typeof servers, string>> = {}): Transport[] => {
    const url = (k: keyof typeof servers) => overrides[k] ?? servers[k].url;
    return [
      sentryTransport({ dsn: url('sentry').replace('http://', 'http://key@') + '/1' }),
      bugsnagTransport({ apiKey: 'k', endpoint: url('bugsnag') }),
      slackTransport({ webhookUrl: url('slack'), minIntervalMs: 0 }),
      pagerDutyTransport({ routingKey: 'r', endpoint: url('pagerduty'), minLevel: 'error' }),
      httpTransport({ url: url('http') }),
    ];
  };

  const capture = async (transports: Transport[]) => {
    const client = createClient({ transports, logger: quiet, delivery: fastDelivery, dedupeWindowMs: 0 });
    // Three different bugs, so Slack posts each one's first occurrence.
    for (let i = 0; i < 3; i++) client.captureException(new Error(`bug ${i}`), { fingerprint: ['bug', String(i)] });
    expect(await client.flush(5000)).toBe(true);
    expectAccounted(client);
    return client;
  };

  it('all five deliver when all are up', async () => {
    const client = await capture(all());
    const t = client.stats().transports;
    expect([t.sentry.sent, t.bugsnag.sent, t.slack.sent, t.pagerduty.sent, t.http.sent]).toEqual([3, 3, 3, 3, 3]);
    expect(client.stats().delivered).toBe(3);
  });

  it('connection refused on Sentry, 500 on Bugsnag, 429 on Slack: PagerDuty and HTTP still deliver', async () => {
    servers.bugsnag.respond = () => ({ status: 500 });
    servers.slack.respond = () => ({ status: 429, headers: { 'retry-after': '60' } });
    const port = await closedPort();
    const client = await capture(all({ sentry: `http://127.0.0.1:${port}` }));
    const t = client.stats().transports;
    expect(t.sentry).toMatchObject({ sent: 0, failed: 3 });
    expect(t.bugsnag).toMatchObject({ sent: 0, failed: 3 });
    expect(t.slack).toMatchObject({ sent: 0, failed: 3, requests: 1 });
    expect(t.pagerduty.sent).toBe(3);
    expect(t.http.sent).toBe(3);
    expect(servers.pagerduty.requests).toHaveLength(3);
    expect(servers.http.requests).toHaveLength(1);
    const s = client.stats();
    expect(s.captured).toBe(s.delivered + totalDropped(s));
  });

  it('everything down: each event is dropped once, with the reason of the worst failure', async () => {
    servers.sentry.respond = () => ({ status: 429, headers: { 'x-sentry-rate-limits': '60:error:key' } });
    for (const k of ['bugsnag', 'pagerduty', 'http'] as const) servers[k].respond = () => ({ status: 503 });
    servers.slack.respond = () => ({ status: 404 });
    const client = await capture(all());
    const s = client.stats();
    expect(s.delivered).toBe(0);
    expect(s.dropped.backoff + s.dropped.transportFailed).toBe(3);
    expect(s.dropped.backoff).toBe(3);
  });
});
