// For comparison: the same app on @bugmastery/core alone (no browser handlers, breadcrumbs, delivery glue).
import { createClient, httpTransport } from '@bugmastery/core';

const client = createClient({ transports: [httpTransport({ url: 'https://collector.example/events' })] });
client.captureException(new Error('size check'));
