import { describe, expect, it } from 'vitest';
import { bugsnagTransport, httpTransport, pagerDutyTransport, sentryTransport, slackTransport } from '../../src';

/** Every transport option that takes a URL, given a relative one. */
const relative = {
  'httpTransport url': () => httpTransport({ url: '/events' }),
  'sentryTransport tunnel': () => sentryTransport({ dsn: 'https://key@sentry.example/1', tunnel: '/sentry-tunnel' }),
  'bugsnagTransport endpoint': () => bugsnagTransport({ apiKey: 'a'.repeat(32), endpoint: '/bugsnag' }),
  'slackTransport webhookUrl': () => slackTransport({ webhookUrl: '/slack' }),
  'pagerDutyTransport endpoint': () => pagerDutyTransport({ routingKey: 'r'.repeat(32), endpoint: '/pagerduty' }),
};

describe('relative URL options outside a browser page (Node)', () => {
  for (const [option, make] of Object.entries(relative)) {
    it(`${option}: a clear error asking for an absolute URL`, () => {
      expect(make).toThrow(/is not a valid URL: "\/[a-z-]+" \(outside a browser page it must be absolute, e\.g\. "https:\/\/collector\.example\/[a-z-]+"\)/);
    });
  }
});
