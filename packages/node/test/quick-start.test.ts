import { beforeAll, describe, expect, it } from 'vitest';
import { runScript, sdkBundle } from './support/child';

beforeAll(() => sdkBundle());

// The root README's Node quick start, as a laptop runs it (NODE_ENV unset unless given).
const quickStart = `
import { init, sentryTransport, consoleTransport } from 'SDK';

const bugs = init({
  release: 'shop@1.4.2',
  transports: {
    production: () => [sentryTransport({ dsn: process.env.SENTRY_DSN })],   // a function: built only in production
    development: [consoleTransport()],
  },
});

bugs.captureException(new Error('caught by hand'));
`;

describe('the README quick start runs as written', () => {
  it('with NODE_ENV unset: production has no DSN here, so one error names the option and why, and the app runs on (exit 0)', async () => {
    const result = await runScript(quickStart);
    expect(result.code).toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[bugmastery\] option "transports\.production" could not be built \(neither "environment" nor NODE_ENV is set, so "production" is assumed\): sentryTransport: option "dsn" is required/);
  });

  it('with NODE_ENV=development: the console transport prints the event, nothing else is said', async () => {
    const result = await runScript(quickStart, { env: { NODE_ENV: 'development' } });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Error: caught by hand');
    expect(result.stderr).not.toMatch(/\[bugmastery\] (option|no transports|\d+ problems)/);
  });

  it("Node's own options join core's in one warning; an unknown name gets a suggestion", async () => {
    const result = await runScript(`
      import { init, consoleTransport } from 'SDK';
      init({ transports: [consoleTransport()], contextLines: '5', captureUncaugth: false, shutdownTimeoutMs: 100 });
    `);
    expect(result.code).toBe(0);
    expect(result.stderr.match(/\[bugmastery\]/g)).toHaveLength(1);
    expect(result.stderr).toContain('2 problems with the options');
    expect(result.stderr).toContain('option "contextLines" must be a number ≥ 0, not "5": using the default (5)');
    expect(result.stderr).toContain('unknown option "captureUncaugth" (did you mean "captureUncaught"?)');
  });

  it('a logger that is not one is reported once, and the SDK keeps working on the console', async () => {
    const result = await runScript(`
      import { init, consoleTransport } from 'SDK';
      const client = init({ transports: [consoleTransport()], logger: 'verbose' });
      init({ transports: [consoleTransport()], logger: 'verbose' });   // Node's own "init called again" goes to the console
      await client.close();
    `);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('option "logger" must be an object with warn() and error(), not "verbose": ignored');
    expect(result.stderr).toContain('init() was called again');
  });
});
