// Errors-only app: initLean (no offline queue, no breadcrumbs) + one transport + one capture.
import { initLean, httpTransport } from '@bugmastery/browser';

const client = initLean({ transports: [httpTransport({ url: '/ingest' })] });
client.captureException(new Error('bundle size probe'));
