// Minimal app: init (default fetch transport) + one capture.
import { init, captureException } from '@sentry/browser';

init({ dsn: 'https://public@o0.ingest.sentry.io/0' });
captureException(new Error('bundle size probe'));
