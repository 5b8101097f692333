import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, pagerDutyTransport } from '../../src';
import { pagerDutySeverity } from '../../src/internal';
import { startCollector, type Collector } from '../collector';
import { expectAccounted, quiet, throwFromCheckout } from './accounting';

type Json = Record<string, any>;
const KEY = 'R0UT1NGKEY0123456789abcdef012345';

describe('pagerDutyTransport', () => {
  let pd: Collector;
  beforeEach(async () => {
    pd = await startCollector();
    pd.respond = () => ({ status: 202, headers: { 'content-type': 'application/json' } });
  });
  afterEach(async () => {
    await pd.close();
  });
  const bodies = () => pd.requests.map((r) => JSON.parse(r.body) as Json);

  it('validates its options at init', () => {
    expect(() => pagerDutyTransport({ routingKey: '' })).toThrow(/"routingKey" is required/);
    expect(() => pagerDutyTransport({ routingKey: KEY, endpoint: 'events.pagerduty.com' })).toThrow(/"endpoint" is not a valid URL/);
    expect(() => pagerDutyTransport({ routingKey: KEY, minLevel: 'loud' as never })).toThrow(/minLevel/);
    expect(() => pagerDutyTransport({ routingKey: KEY, severity: 'high' as never })).toThrow(/severity/);
  });

  it('maps levels to PagerDuty severities', () => {
    expect(['fatal', 'error', 'warning', 'info', 'debug'].map((l) => pagerDutySeverity(l as never))).toEqual(['critical', 'error', 'warning', 'info', 'info']);
  });

  it('triggers an Events API v2 alert for a crash, deduplicated on the fingerprint; 202 counts as delivered', async () => {
    const client = createClient({
      environment: 'production',
      release: 'api@3.1.0',
      transports: [pagerDutyTransport({ routingKey: KEY, endpoint: `${pd.url}/v2/enqueue`, component: 'checkout', group: 'shop' })],
      logger: quiet,
      dedupeWindowMs: 0,
      platform: { name: 'node', enrich: (e) => void (e.serverName = 'web-1') },
    });
    client.setTag('region', 'eu');
    client.captureException(throwFromCheckout('x'.repeat(2000)), { level: 'fatal', handled: false, mechanism: 'onuncaughtexception' });
    client.captureException(throwFromCheckout('x'.repeat(2000)), { level: 'fatal', handled: false, mechanism: 'onuncaughtexception' });
    expect(await client.flush(2000)).toBe(true);

    expect(pd.requests).toHaveLength(2);
    expect(pd.requests[0].url).toBe('/v2/enqueue');
    expect(pd.requests[0].headers['content-type']).toBe('application/json');
    const [first, second] = bodies();
    expect(first).toMatchObject({ routing_key: KEY, event_action: 'trigger' });
    expect(first.dedup_key).toMatch(/^[0-9a-f]+$/);
    expect(second.dedup_key).toBe(first.dedup_key);
    const p = first.payload;
    expect(p.summary.length).toBe(1024);
    expect(p.summary.startsWith('[production] TypeError: xxx')).toBe(true);
    expect(p.summary.endsWith('…')).toBe(true);
    expect(p).toMatchObject({ source: 'web-1', severity: 'critical', class: 'TypeError', component: 'checkout', group: 'shop' });
    expect(new Date(p.timestamp).toISOString()).toBe(p.timestamp);
    expect(p.custom_details).toMatchObject({
      type: 'TypeError', level: 'fatal', handled: false, mechanism: 'onuncaughtexception', environment: 'production',
      release: 'api@3.1.0', fingerprint: first.dedup_key, occurrences: 1, tags: { region: 'eu' },
    });
    expect(p.custom_details.frames[0]).toMatch(/^chargeCard \(.*accounting\.ts:\d+:\d+\)$/);
    expect(second.payload.custom_details.occurrences).toBe(2);
    expect(client.stats().transports.pagerduty).toMatchObject({ sent: 2, requests: 2 });
    expectAccounted(client);
  });

  it('does not page below minLevel (filtered), and pages errors when minLevel is error', async () => {
    const client = createClient({
      transports: [
        pagerDutyTransport({ routingKey: KEY, endpoint: pd.url }),
        pagerDutyTransport({ routingKey: KEY, endpoint: pd.url, minLevel: 'error', severity: 'warning', name: 'pd-errors' }),
      ],
      logger: quiet,
      dedupeWindowMs: 0,
    });
    client.captureException(new Error('handled'));
    client.captureMessage('fyi', 'info');
    expect(await client.flush(2000)).toBe(true);
    const s = client.stats();
    expect(s.transports.pagerduty).toMatchObject({ sent: 0, filtered: 2, requests: 0 });
    expect(s.transports['pd-errors']).toMatchObject({ sent: 1, filtered: 1, requests: 1 });
    expect(bodies()[0].payload).toMatchObject({ severity: 'warning', class: 'Error', source: 'bugmastery' });
    expect(s).toMatchObject({ delivered: 1, dropped: { filtered: 1 } });
    expectAccounted(client);
  });

  it('takes a severity function', async () => {
    const client = createClient({
      transports: [pagerDutyTransport({ routingKey: KEY, endpoint: pd.url, minLevel: 'debug', severity: (e) => (e.tags.tier === 'gold' ? 'critical' : 'info') })],
      logger: quiet,
    });
    client.captureException(new Error('gold'), { tags: { tier: 'gold' } });
    await client.flush(2000);
    expect(bodies()[0].payload.severity).toBe('critical');
  });
});
