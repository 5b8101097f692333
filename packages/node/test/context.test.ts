import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { init, type Event } from '../src';

describe('runtime context and context lines', () => {
  it('adds runtime, os, process, app contexts, server name and source lines of in-app frames', async () => {
    const events: Event[] = [];
    const client = init({
      release: 'shop@1.2.3',
      environment: 'staging',
      transports: [{ name: 'memory', write: (b) => void events.push(...b) }],
      captureUncaught: false,
      captureUnhandledRejections: 'none',
      captureSignals: false,
      contextLines: 2,
    });
    client.setContext('app', { custom: true });
    const error = new Error('context-lines marker');
    client.captureException(error);
    await client.close();
    const [event] = events;
    expect(event.serverName).toBe(hostname());
    expect(event.contexts.runtime).toEqual({ name: 'node', version: process.version });
    expect(event.contexts.os.name).toBeTruthy();
    expect(event.contexts.process).toMatchObject({ pid: process.pid });
    // The app's own context of the same name wins.
    expect(event.contexts.app).toEqual({ custom: true });
    const top = event.exceptions[0].frames[event.exceptions[0].frames.length - 1];
    expect(top.file).toContain('context.test.ts');
    expect(top.context?.line).toContain("new Error('context-lines marker')");
    expect(top.context?.pre).toHaveLength(2);
    expect(top.context?.post).toHaveLength(2);
    // node_modules frames get none.
    expect(event.exceptions[0].frames.filter((f) => !f.inApp).every((f) => f.context === undefined)).toBe(true);
  });

  it('contextLines: 0 turns source lines off; app context is filled when the app sets none', async () => {
    const events: Event[] = [];
    const client = init({
      release: 'r9',
      transports: [{ name: 'memory', write: (b) => void events.push(...b) }],
      captureUncaught: false,
      captureUnhandledRejections: 'none',
      captureSignals: false,
      contextLines: 0,
    });
    client.captureException(new Error('no lines'));
    await client.close();
    expect(events[0].exceptions[0].frames.every((f) => f.context === undefined)).toBe(true);
    expect(events[0].contexts.app).toMatchObject({ release: 'r9' });
  });
});
