import { describe, expect, it } from 'vitest';
import { createClient, consoleTransport } from '../src';

describe('createClient', () => {
  it('captures and accounts', async () => {
    const lines: string[] = [];
    const client = createClient({ transports: [consoleTransport({ stream: { write: (l: string) => lines.push(l) } })] });
    const id = client.captureException(new Error('boom'));
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(await client.flush(1000)).toBe(true);
    expect(client.stats().delivered).toBe(1);
  });
});
