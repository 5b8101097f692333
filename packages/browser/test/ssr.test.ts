// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { init } from '../src';
import { quiet, recordingTransport } from './recording';

describe('init outside a page (server-side rendering, workers without DOM)', () => {
  it('installs nothing page-specific and still captures', async () => {
    const rec = recordingTransport();
    const client = init({ transports: [rec], logger: quiet, batch: { maxDelayMs: 1 } });
    client.captureException(new Error('rendered on the server'));
    await client.flush();
    expect(rec.events[0].exceptions[0].message).toBe('rendered on the server');
    expect(rec.events[0].contexts.browser).toBeUndefined();
    expect(client.offlineQueue()).toEqual({ queued: 0, dropped: 0 });
    expect(await client.close()).toBe(true);
  });
});
