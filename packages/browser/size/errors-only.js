// The errors-only setup: initLean leaves the offline queue out (and breadcrumbs are opt-in anyway).
import { initLean, httpTransport } from '@bugmastery/browser';

const client = initLean({ transports: [httpTransport({ url: '/ingest' })] });
client.captureException(new Error('size check'));
