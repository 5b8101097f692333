// The "minimal app" the size budget measures: init + one transport + one capture.
import { init, httpTransport } from '@bugmastery/browser';

const client = init({ transports: [httpTransport({ url: 'https://collector.example/events' })] });
client.captureException(new Error('size check'));
