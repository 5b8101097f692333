import { init, sentryTransport, consoleTransport } from '@bugmastery/node';

const bugs = init({
  release: 'shop@1.4.2',
  transports: {
    production: () => [sentryTransport({ dsn: process.env.SENTRY_DSN })],   // a function: built only in production
    development: [consoleTransport()],
  },
});

bugs.captureException(new Error('caught by hand'));   // uncaught exceptions and unhandled rejections are captured for you
