import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init } from '../src';
import { nodeRejectionMode } from '../src/process';
import { runScript, sdkBundle } from './support/child';
import { startCollector, type Collector } from './support/collector';

let collector: Collector;

beforeAll(async () => {
  collector = await startCollector();
  await sdkBundle();
});
afterAll(() => collector.close());

const header = (extra = '') => `
import { init, httpTransport } from 'SDK';
const client = init({ transports: [httpTransport({ url: process.env.COLLECTOR })], release: 'r1' ${extra} });
`;

function eventsWith(message: string) {
  return collector.events.filter((e) => e.exceptions[0]?.message === message || e.message === message);
}

describe('uncaught exceptions in a real child process', () => {
  it('delivers the event, prints the error, then exits with code 1', async () => {
    const result = await runScript(
      header() + `setTimeout(() => { throw new TypeError('child crash one'); }, 1);`,
      { env: { COLLECTOR: collector.url } },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('child crash one');
    const [event] = eventsWith('child crash one');
    expect(event).toBeDefined();
    expect(event.level).toBe('fatal');
    expect(event.exceptions[0].type).toBe('TypeError');
    expect(event.exceptions[0].mechanism).toEqual({ type: 'onuncaughtexception', handled: false });
    expect(event.release).toBe('r1');
    expect(event.platform).toBe('node');
    expect(event.sdk.name).toBe('bugmastery.node');
    expect(event.contexts.runtime).toMatchObject({ name: 'node', version: process.version });
    expect(typeof event.serverName).toBe('string');
  });

  it('a thrown YAML document full of aliases (not an Error) is printed bounded: exit 1 and the event delivered, not a heap crash', async () => {
    // js-yaml's load makes each alias one shared object: 10 wide × 9 deep unfolds to 10⁹ leaves when printed with JSON.stringify.
    const result = await runScript(
      header() +
        `let node = ['lol']; for (let i = 0; i < 9; i++) node = Array.from({ length: 10 }, () => node);
         setTimeout(() => { throw { message: 'child yaml crash', doc: node }; }, 1);`,
      { env: { COLLECTOR: collector.url }, args: ['--max-old-space-size=256'] },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('child yaml crash');
    expect(result.stderr.length).toBeLessThan(1024 * 1024);
    expect(eventsWith('child yaml crash')).toHaveLength(1);
  }, 30_000);

  it('does not exit when the app has its own uncaughtException listener', async () => {
    const result = await runScript(
      header() +
        `process.on('uncaughtException', () => console.log('app handled it'));
         setTimeout(() => { throw new Error('child crash kept alive'); }, 1);
         setTimeout(async () => { console.log('still running'); await client.close(); }, 50);`,
      { env: { COLLECTOR: collector.url } },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('app handled it');
    expect(result.stdout).toContain('still running');
    expect(eventsWith('child crash kept alive')).toHaveLength(1);
  });

  it('never recurses when the SDK itself fails inside its handler', async () => {
    const result = await runScript(
      `import { init } from 'SDK';
       init({
         logger: { warn() { throw new Error('logger broken'); }, error() { throw new Error('logger broken'); } },
         transports: [{ name: 'broken', encode() { throw new Error('encoder broken'); } }],
         beforeSend() { throw new Error('beforeSend broken'); },
       });
       setTimeout(() => { throw new Error('child crash with broken sdk'); }, 1);`,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('child crash with broken sdk');
    expect(result.stderr).not.toContain('logger broken');
  });
});

describe('unhandled rejections', () => {
  it("follows Node's default mode (throw): delivers, then exits with code 1", async () => {
    const result = await runScript(header() + `Promise.reject(new Error('child rejection default'));`, {
      env: { COLLECTOR: collector.url },
    });
    expect(result.code).toBe(1);
    const [event] = eventsWith('child rejection default');
    expect(event.exceptions[0].mechanism).toEqual({ type: 'onunhandledrejection', handled: false });
  });

  it('--unhandled-rejections=warn keeps the process running', async () => {
    const result = await runScript(
      header() +
        `Promise.reject(new Error('child rejection warn'));
         setTimeout(async () => { console.log('alive'); await client.close(); }, 50);`,
      { env: { COLLECTOR: collector.url }, args: ['--unhandled-rejections=warn'] },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('alive');
    expect(eventsWith('child rejection warn')).toHaveLength(1);
  });

  it("--unhandled-rejections=strict (via NODE_OPTIONS) exits, reporting the rejection once", async () => {
    const result = await runScript(header() + `Promise.reject(new Error('child rejection strict'));`, {
      env: { COLLECTOR: collector.url, NODE_OPTIONS: '--unhandled-rejections=strict' },
    });
    expect(result.code).toBe(1);
    const events = eventsWith('child rejection strict');
    expect(events).toHaveLength(1);
    expect(events[0].exceptions[0].mechanism.type).toBe('onunhandledrejection');
  });

  it("captureUnhandledRejections: 'warn' overrides Node's mode", async () => {
    const result = await runScript(
      header(", captureUnhandledRejections: 'warn'") +
        `Promise.reject('a plain string reason');
         setTimeout(async () => { console.log('alive'); await client.close(); }, 50);`,
      { env: { COLLECTOR: collector.url } },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('alive');
    expect(collector.events.some((e) => e.exceptions[0]?.message.includes('a plain string reason'))).toBe(true);
  });

  it('--unhandled-rejections=warn-with-error-code keeps running and still ends with exit code 1, as without the SDK', async () => {
    const result = await runScript(
      header() +
        `Promise.reject(new Error('child rejection warn-with-error-code'));
         setTimeout(async () => { console.log('alive'); await client.close(); }, 50);`,
      { env: { COLLECTOR: collector.url }, args: ['--unhandled-rejections=warn-with-error-code'] },
    );
    expect(result.stdout).toContain('alive');
    expect(result.code).toBe(1);
    expect(eventsWith('child rejection warn-with-error-code')).toHaveLength(1);
  });

  describe('captureUnhandledRejections is validated: an app meant to crash still crashes', () => {
    const crash = (value: string, message: string) =>
      runScript(header(`, captureUnhandledRejections: ${value}`) + `Promise.reject(new Error('${message}'));`, {
        env: { COLLECTOR: collector.url },
      });

    it("false means 'none': no rejection handler, so Node's own mode crashes the app (exit 1), captured as that crash", async () => {
      const result = await crash('false', 'rejection with false');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('rejection with false');
      expect(result.stderr).not.toContain('[bugmastery]');
      const events = eventsWith('rejection with false');
      expect(events).toHaveLength(1);
      expect(events[0].level).toBe('fatal');
    });

    it("true follows Node's mode: captured, delivered, exit 1", async () => {
      const result = await crash('true', 'rejection with true');
      expect(result.code).toBe(1);
      expect(eventsWith('rejection with true')).toHaveLength(1);
    });

    it("an unknown value ('off') is refused with one warning naming the option; Node's mode applies: delivered, exit 1", async () => {
      const result = await crash("'off'", 'rejection with off');
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/option "captureUnhandledRejections" must be 'warn', 'strict', 'none' or a boolean.*not "off"/);
      expect(result.stderr.match(/\[bugmastery\]/g)).toHaveLength(1);
      expect(eventsWith('rejection with off')).toHaveLength(1);
    });
  });

  it('maps the flag and NODE_OPTIONS to a mode', () => {
    expect(nodeRejectionMode([], '')).toBe('strict');
    expect(nodeRejectionMode(['--unhandled-rejections=warn'], '')).toBe('warn');
    expect(nodeRejectionMode([], '--max-old-space-size=100 --unhandled-rejections=none')).toBe('warn');
    expect(nodeRejectionMode(['--unhandled-rejections', 'strict'], '--unhandled-rejections=warn')).toBe('strict');
  });
});

describe('exit paths', () => {
  it('flushes on beforeExit when the loop empties with events still batched', async () => {
    const result = await runScript(
      header(', batch: { maxDelayMs: 60000 }') + `client.captureMessage('flushed at beforeExit', 'warning');`,
      { env: { COLLECTOR: collector.url } },
    );
    expect(result.code).toBe(0);
    expect(eventsWith('flushed at beforeExit')).toHaveLength(1);
  });

  it('on SIGTERM without an app handler: flushes, then dies of the signal', async () => {
    const result = await runScript(
      header(', batch: { maxDelayMs: 60000 }') +
        `client.captureMessage('flushed at SIGTERM', 'warning');
         setInterval(() => {}, 1000);
         console.log('ready');`,
      {
        env: { COLLECTOR: collector.url },
        onStdout: (text, child) => {
          if (text.includes('ready')) child.kill('SIGTERM');
        },
      },
    );
    expect(result.signal).toBe('SIGTERM');
    expect(eventsWith('flushed at SIGTERM')).toHaveLength(1);
  });

  it('on SIGTERM with an app handler: leaves shutdown to the app', async () => {
    const result = await runScript(
      header() +
        `const t = setInterval(() => {}, 1000);
         process.on('SIGTERM', async () => { console.log('app shutdown'); clearInterval(t); await client.close(); });
         console.log('ready');`,
      {
        env: { COLLECTOR: collector.url },
        onStdout: (text, child) => {
          if (text.trim() === 'ready') child.kill('SIGTERM');
        },
      },
    );
    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('app shutdown');
  });
});

describe('init', () => {
  it('a second init still delivers what the first one captured', async () => {
    const result = await runScript(
      header() +
        `client.captureException(new Error('captured before the second init'));
         init({ transports: [httpTransport({ url: process.env.COLLECTOR })], logger: { warn() {}, error() {} } });`,
      { env: { COLLECTOR: collector.url } },
    );
    expect(result.code).toBe(0);
    expect(eventsWith('captured before the second init')).toHaveLength(1);
  });

  it('a second init warns and replaces the first; close() removes the handlers', async () => {
    const before = process.listenerCount('uncaughtException');
    const warnings: string[] = [];
    const logger = { warn: (m: string) => warnings.push(m), error: () => undefined };
    const first = init({ logger, captureUnhandledRejections: 'none', captureSignals: false });
    expect(process.listenerCount('uncaughtException')).toBe(before + 1);
    const second = init({ logger, captureUnhandledRejections: 'none', captureSignals: false });
    expect(warnings.some((w) => w.includes('called again'))).toBe(true);
    expect(process.listenerCount('uncaughtException')).toBe(before + 1);
    expect(second).not.toBe(first);
    await second.close();
    expect(process.listenerCount('uncaughtException')).toBe(before);
    expect(process.listenerCount('beforeExit')).toBe(0);
  });
});
