// The default setup the size budget measures: init + one transport + one capture.
import { init, httpTransport } from '@bugmastery/browser';

const client = init({ transports: [httpTransport({ url: '/ingest' })] });
client.captureException(new Error('size check'));
