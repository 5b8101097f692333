import { afterEach, describe, expect, it } from 'vitest';
import { bugsnagTransport, httpTransport, sentryTransport, type Event, type Transport } from '../src';
// Not in @bugmastery/browser (secrets in a page), but core's URL rules hold for them in a page too.
import { pagerDutyTransport, slackTransport } from '@bugmastery/core';

/** Every transport option that takes a URL, given a relative one, and where its request goes. */
const relative: Record<string, [() => Transport, string]> = {
  'httpTransport url': [() => httpTransport({ url: '/events' }), '/events'],
  'sentryTransport tunnel': [() => sentryTransport({ dsn: 'https://key@sentry.example/1', tunnel: '/sentry-tunnel' }), '/sentry-tunnel'],
  'bugsnagTransport endpoint': [() => bugsnagTransport({ apiKey: 'a'.repeat(32), endpoint: '/bugsnag' }), '/bugsnag'],
  'slackTransport webhookUrl': [() => slackTransport({ webhookUrl: 'hooks/slack' }), 'hooks/slack'],
  'pagerDutyTransport endpoint': [() => pagerDutyTransport({ routingKey: 'r'.repeat(32), endpoint: '../pagerduty', minLevel: 'error' }), '../pagerduty'],
};

const event = (): Event => ({
  id: 'a'.repeat(32), timestamp: new Date(0).toISOString(), level: 'error', environment: 'test', fingerprint: 'f'.repeat(16),
  exceptions: [{ type: 'Error', message: 'boom', frames: [], mechanism: { type: 'generic', handled: true } }],
  tags: {}, contexts: {}, breadcrumbs: [], sdk: { name: 't', version: '0' }, platform: 'javascript', occurrences: 1,
});

describe('relative URL options in a browser page', () => {
  afterEach(() => document.querySelectorAll('base').forEach((b) => b.remove()));

  for (const [option, [make, path]] of Object.entries(relative)) {
    it(`${option}: resolved against document.baseURI`, async () => {
      const base = document.createElement('base');
      base.href = 'https://app.example/shop/cart/';
      document.head.append(base);
      expect(document.baseURI).toBe('https://app.example/shop/cart/');
      const request = await make().encode!([event()]);
      expect(request?.url).toBe(new URL(path, 'https://app.example/shop/cart/').toString());
    });
  }

  it('without a <base>, against the page URL', async () => {
    const request = await httpTransport({ url: '/events' }).encode!([event()]);
    expect(request?.url).toBe(`${location.origin}/events`);
  });

  it('other schemes are still refused', () => {
    expect(() => httpTransport({ url: 'ftp://collector.example/events' })).toThrow(/must be http\(s\), not "ftp:"/);
  });
});
