import { init, httpTransport } from '@bugmastery/node';

const client = init({
  release: 'shop@1.4.2',
  transports: [httpTransport({ url: 'https://errors.example.com/ingest' })],
  persist: { dir: '/var/lib/shop/bugmastery' },   // optional disk queue
});

client.captureException(new Error('handled, but worth knowing'));
// An uncaught exception is captured, flushed (≤ shutdownTimeoutMs), then the process exits with code 1, as Node would.
