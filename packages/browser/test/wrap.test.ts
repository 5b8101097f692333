import { afterEach, describe, expect, it } from 'vitest';
import { init, wrapCallbacks, type BrowserClient } from '../src';
import { quiet, recordingTransport } from './recording';

let client: BrowserClient | undefined;
let unwrap: (() => void) | undefined;
afterEach(async () => {
  unwrap?.();
  await client?.close(1000);
});

describe('wrapCallbacks', () => {
  it('captures errors thrown in timer and listener callbacks once, rethrows them, and undoes cleanly', async () => {
    const rec = recordingTransport();
    client = init({ transports: [rec], logger: quiet, batch: { maxDelayMs: 1 } });
    const setTimeoutBefore = window.setTimeout;
    const addBefore = EventTarget.prototype.addEventListener;
    unwrap = wrapCallbacks({ timers: true, eventTarget: true });
    expect(window.setTimeout).not.toBe(setTimeoutBefore);

    const thrown = new Error('in listener');
    const target = new EventTarget();
    let calls = 0;
    const listener = () => {
      calls++;
      throw thrown;
    };
    target.addEventListener('ping', listener);
    target.addEventListener('ping', listener); // same listener: still added once
    // The wrapper rethrows the very same error (here happy-dom surfaces it from dispatchEvent).
    let rethrown: unknown;
    try {
      target.dispatchEvent(new Event('ping'));
    } catch (err) {
      rethrown = err;
    }
    expect(calls).toBe(1);
    if (rethrown !== undefined) expect(rethrown).toBe(thrown);
    // The window error listener sees it too and must not capture it a second time.
    window.dispatchEvent(new ErrorEvent('error', { error: thrown, message: 'Uncaught Error: in listener' }));
    target.removeEventListener('ping', listener);
    target.dispatchEvent(new Event('ping'));
    expect(calls).toBe(1);

    const object = { handleEvent: () => calls++ };
    target.addEventListener('obj', object);
    target.dispatchEvent(new Event('obj'));
    expect(calls).toBe(2);

    await client.flush();
    expect(rec.events.map((e) => e.exceptions[0].mechanism)).toEqual([{ type: 'addEventListener', handled: false }]);
    expect(client.stats().captured).toBe(1);

    unwrap();
    unwrap = undefined;
    expect(window.setTimeout).toBe(setTimeoutBefore);
    expect(EventTarget.prototype.addEventListener).toBe(addBefore);
  });

  it('is a no-op without a client', () => {
    const before = window.setTimeout;
    wrapCallbacks(undefined, undefined)();
    expect(window.setTimeout).toBe(before);
  });
});
