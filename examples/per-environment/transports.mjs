// Per-environment transports: the part to copy into your app.
// production → Sentry (every event) + Slack (first, 10th, 100th, 1000th of each bug) + PagerDuty (crashes only)
// staging    → your own HTTP collector
// development → the console
import { consoleTransport, httpTransport, pagerDutyTransport, sentryTransport, slackTransport } from '@bugmastery/core';

/** Builds only the environment actually running, so a missing production secret never breaks development. */
export function transportsFor(environment, env = process.env) {
  switch (environment) {
    case 'production':
      return [
        sentryTransport({ dsn: env.SENTRY_DSN }),
        slackTransport({ webhookUrl: env.SLACK_WEBHOOK_URL, notifyAt: [1, 10, 100, 1000] }),
        pagerDutyTransport({ routingKey: env.PAGERDUTY_ROUTING_KEY, endpoint: env.PAGERDUTY_ENDPOINT, minLevel: 'fatal' }),
      ];
    case 'staging':
      return [httpTransport({ url: env.STAGING_COLLECTOR_URL, headers: { authorization: `Bearer ${env.STAGING_COLLECTOR_TOKEN ?? ''}` } })];
    default:
      return [consoleTransport()];
  }
}
