// Minimal app: init + one transport + one capture.
import { init, httpTransport } from '@bugmastery/browser';

const client = init({ transports: [httpTransport({ url: 'https://errors.example.com/api/events' })] });
client.captureException(new Error('bundle size probe'));
