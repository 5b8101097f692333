import { describe, expect, it } from 'vitest';
import { getCurrentClient, setCurrentClient, createClient } from '../src';
import { processWide } from '../src/internal';
import { quiet, recordingTransport } from './support';

describe('processWide: one slot per process, whatever copy of the SDK asks', () => {
  it('creates once, under a registered symbol every copy resolves, out of enumeration', () => {
    let made = 0;
    const a = processWide('test.slot', () => ({ n: ++made }));
    const b = processWide('test.slot', () => ({ n: ++made }));
    expect(a).toBe(b);
    expect(made).toBe(1);
    expect((globalThis as Record<symbol, unknown>)[Symbol.for('bugmastery.test.slot')]).toBe(a);
    expect(Object.keys(globalThis)).not.toContain(Symbol.for('bugmastery.test.slot'));
    delete (globalThis as Record<symbol, unknown>)[Symbol.for('bugmastery.test.slot')];
  });

  it('the current client lives in the shared slot (another copy of core reads it there)', () => {
    const client = createClient({ transports: [recordingTransport()], logger: quiet });
    setCurrentClient(client);
    const slot = (globalThis as Record<symbol, { client?: unknown }>)[Symbol.for('bugmastery.currentClient')];
    expect(slot.client).toBe(client);
    setCurrentClient(undefined);
    expect(getCurrentClient()).toBeUndefined();
  });
});
