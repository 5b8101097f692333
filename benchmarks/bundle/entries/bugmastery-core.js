// Fallback minimal app while @bugmastery/browser has no `init`: core's createClient + httpTransport.
import { createClient, httpTransport } from '@bugmastery/core';

const client = createClient({ transports: [httpTransport({ url: 'https://errors.example.com/api/events' })] });
client.captureException(new Error('bundle size probe'));
