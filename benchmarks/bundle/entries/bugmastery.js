// Default app (issue 17): init + one transport + one capture.
import { init, httpTransport } from '@bugmastery/browser';

const client = init({ transports: [httpTransport({ url: '/ingest' })] });
client.captureException(new Error('bundle size probe'));
