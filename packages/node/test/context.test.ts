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

describe('context lines on a throw site seen before', () => {
  const options = { captureUncaught: false, captureUnhandledRejections: 'none' as const, captureSignals: false, contextLines: 1 };
  /** 30 in-app frames deep, one throw site. */
  const deep = (n: number): Error => (n === 0 ? new Error('deep marker') : deep(n - 1));

  it('every event from the site carries them, on the innermost 20 in-app frames only, and edits to one event stay in it', async () => {
    const events: Event[] = [];
    const client = init({
      ...options,
      transports: [{ name: 'memory', write: (b) => void events.push(...b) }],
      dedupeWindowMs: 0,
      beforeSend: (event) => {
        // An app trimming its own event must not trim the next one.
        if (event.exceptions[0].frames.length > 0 && events.length === 0) for (const f of event.exceptions[0].frames) delete f.context;
        return event;
      },
    });
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 50;
    try {
      for (let i = 0; i < 4; i++) {
        client.captureException(deep(30));
        await client.flush();
      }
    } finally {
      Error.stackTraceLimit = limit;
    }
    await client.close();
    expect(events).toHaveLength(4);
    expect(events[0].exceptions[0].frames.every((f) => f.context === undefined)).toBe(true);
    for (const event of events.slice(1)) {
      const frames = event.exceptions[0].frames;
      const withLines = frames.filter((f) => f.context);
      expect(withLines).toHaveLength(20);
      // The innermost ones: the last 20 in-app frames, the throw line among them.
      const inApp = frames.filter((f) => f.inApp && f.line !== undefined);
      expect(withLines).toEqual(inApp.slice(-20));
      expect(frames[frames.length - 1].context?.line).toContain("new Error('deep marker')");
    }
  });
});
