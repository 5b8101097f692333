import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeFingerprint, createClient, type Options } from '../src';
import { expectAccounted, quiet, recordingTransport } from './support';

const thrown = fc.oneof(
  fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true }),
  fc.string().map((m) => new Error(m)),
  fc.tuple(fc.string(), fc.string(), fc.string()).map(([name, message, stack]) => Object.assign(new Error(message), { name, stack })),
  fc.constantFrom(TypeError, RangeError, SyntaxError).map((C) => new C('typed')),
);

const options: fc.Arbitrary<Partial<Options>> = fc.record(
  {
    sampleRate: fc.oneof(fc.double({ noNaN: false }), fc.constant(undefined)),
    dedupeWindowMs: fc.integer({ min: -10, max: 10_000 }),
    maxBreadcrumbs: fc.integer({ min: -5, max: 200 }),
    ignoreErrors: fc.array(fc.oneof(fc.string(), fc.constant(/x/))),
    environment: fc.string(),
    release: fc.string(),
  },
  { requiredKeys: [] },
);

describe('captureException with arbitrary input', () => {
  it('never throws and returns a 32-hex id or undefined', async () => {
    await fc.assert(
      fc.asyncProperty(options, fc.array(thrown, { maxLength: 5 }), async (opts, values) => {
        const client = createClient({ ...opts, transports: [recordingTransport()], logger: quiet });
        for (const v of values) {
          const id = client.captureException(v);
          expect(id === undefined || /^[0-9a-f]{32}$/.test(id)).toBe(true);
        }
        await client.flush(1000);
        expectAccounted(client);
      }),
      { numRuns: 150 },
    );
  });

  it('computeFingerprint never throws and is lowercase hex', () => {
    fc.assert(
      fc.property(thrown, (v) => {
        expect(computeFingerprint(v)).toMatch(/^[0-9a-f]+$/);
      }),
      { numRuns: 300 },
    );
  });
});
