import { describe, expect, it } from 'vitest';
import { createClient } from '../src';
import { errorInfo } from '../src/internal';
import { quiet, recordingTransport } from './support';

/** One truncate for every cut (messages, Slack and PagerDuty fields): none may leave half a surrogate pair. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// 8190 ASCII characters, then emoji: the 8192-unit cut falls between the two halves of one.
const long = 'a'.repeat(8190) + '😀'.repeat(10);

describe('long messages are cut without splitting a surrogate pair', () => {
  it('a thrown error', () => {
    const { message } = errorInfo(new Error(long));
    expect(message.endsWith('…')).toBe(true);
    expect(message.length).toBeLessThanOrEqual(8192);
    expect(loneSurrogate.test(message)).toBe(false);
  });

  it('captureMessage', async () => {
    const rec = recordingTransport();
    const client = createClient({ transports: [rec], logger: quiet });
    client.captureMessage(long);
    await client.flush();
    const [event] = rec.events;
    expect(event.message?.endsWith('…')).toBe(true);
    expect(loneSurrogate.test(event.message ?? '')).toBe(false);
  });
});
