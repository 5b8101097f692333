import { afterEach, describe, expect, it } from 'vitest';
import { breadcrumbs, init, type BrowserClient } from '../src';
import { recordingTransport } from './recording';

let client: BrowserClient | undefined;
afterEach(async () => {
  await client?.close(1000);
  client = undefined;
  localStorage.clear();
});

const fireRejection = (reason: unknown) => {
  const event = new Event('unhandledrejection') as Event & { reason?: unknown };
  Object.defineProperty(event, 'reason', { value: reason });
  window.dispatchEvent(event);
};

function start(captureUnhandledRejections: unknown) {
  const warns: string[] = [];
  const rec = recordingTransport();
  client = init({
    transports: [rec],
    logger: { warn: (m) => void warns.push(m), error: () => undefined },
    batch: { maxDelayMs: 1 },
    captureUnhandledRejections: captureUnhandledRejections as boolean,
  });
  return { warns, rec, client };
}

describe('captureUnhandledRejections in a browser is a boolean', () => {
  it("a Node mode ('none') is refused in the one init warning, and the default (capture) applies", async () => {
    const { warns, rec, client } = start('none');
    expect(warns).toHaveLength(1);
    expect(warns[0]).toMatch(/option "captureUnhandledRejections" must be true or false, not "none": using the default \(true\)/);
    fireRejection(new Error('rejected while misconfigured'));
    await client.flush(1000);
    expect(rec.events.map((e) => e.exceptions[0]?.message)).toContain('rejected while misconfigured');
  });

  it('false installs no listener, silently', async () => {
    const { warns, rec, client } = start(false);
    expect(warns).toEqual([]);
    fireRejection(new Error('not ours to capture'));
    await client.flush(1000);
    expect(rec.events).toHaveLength(0);
  });

  it("the browser's own option names are known: no unknown-option warning", () => {
    const warns: string[] = [];
    client = init({
      transports: [recordingTransport()],
      logger: { warn: (m) => void warns.push(m), error: () => undefined },
      captureUncaught: true,
      captureUnhandledRejections: true,
      integrations: [breadcrumbs({ console: false })],
      allowUrls: [/example\.com/],
      denyUrls: ['extension://'],
      persist: false,
    });
    expect(warns).toEqual([]);
  });
});
