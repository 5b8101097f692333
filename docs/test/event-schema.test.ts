import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expressErrorHandler, expressRequestHandler, httpTransport, init, type NodeClient } from '@bugmastery/node';
import express from 'express';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventSchema, receivedEvents, schemaProblems } from './event-schema';
import { validate } from './json-schema';
import { blocksOf } from './markdown-blocks';
import { startSite, type Site } from './site';

// docs/event.schema.json against REAL events: captured by @bugmastery/node (built), posted by httpTransport to a real
// HTTP server on 127.0.0.1, parsed from the bytes it received. The browser's are in event-schema.browser.test.ts.
const root = fileURLToPath(new URL('../..', import.meta.url));

class PaymentError extends Error {
  override name = 'PaymentError';
  code = 'card_declined';
}

describe('docs/event.schema.json', () => {
  it('rejects what is not an event (the schema is not vacuous)', () => {
    const event = {
      id: '0123456789abcdef0123456789abcdef',
      timestamp: '2026-12-03T23:00:00.000Z',
      level: 'error',
      environment: 'production',
      fingerprint: 'f2b6651814aae6aa',
      exceptions: [{ type: 'Error', message: 'boom', frames: [{ file: 'app.js', line: 1, column: 2, inApp: true }], mechanism: { type: 'generic', handled: true } }],
      tags: {},
      contexts: {},
      breadcrumbs: [],
      sdk: { name: 'bugmastery.node', version: '0.1.0' },
      platform: 'node',
      occurrences: 1,
    };
    expect(validate(eventSchema, event)).toEqual([]);
    const { id: _id, ...withoutId } = event;
    expect(validate(eventSchema, withoutId)).toEqual(['$: required "id" is missing']);
    expect(validate(eventSchema, { ...event, level: 'critical' })).toEqual(['$.level: "critical" is not one of ["fatal","error","warning","info","debug"]']);
    expect(validate(eventSchema, { ...event, timestamp: 'yesterday' })).toEqual(['$.timestamp: "yesterday" is not an ISO 8601 date-time']);
    expect(validate(eventSchema, { ...event, extra: 1 })).toEqual(['$.extra: not in the schema']);
    expect(validate(eventSchema, { ...event, tags: { n: 1 } })).toEqual(['$.tags.n: expected string, got number']);
    expect(validate(eventSchema, { ...event, exceptions: [{ ...event.exceptions[0], frames: [{ line: 1.5 }] }] })).toEqual([
      '$.exceptions[0].frames[0]: required "inApp" is missing',
      '$.exceptions[0].frames[0].line: expected integer, got number',
    ]);
    expect(() => validate({ type: 'object', oneOf: [] }, {})).toThrow(/"oneOf" is not supported/);
  });

  it('accepts the example event of docs/events.md', () => {
    const examples = blocksOf(readFileSync(join(root, 'docs', 'events.md'), 'utf8'), 'docs/events.md').filter((b) => b.lang === 'json');
    expect(examples).toHaveLength(1);
    expect(validate(eventSchema, JSON.parse(examples[0]!.code))).toEqual([]);
  });

  it('names the same fields as the Event type the packages ship, optional exactly where the type is', () => {
    // Each object of the schema against its type in the built declarations (names and optionality only: no lib
    // needed). A field added to the model, or made optional, fails here until the schema (and docs/events.md) say so.
    const types: Record<string, string> = { '': 'Event', exception: 'ExceptionInfo', frame: 'Frame', breadcrumb: 'Breadcrumb', request: 'RequestInfo', user: 'User' };
    const file = join(root, 'docs', '.snippets', 'event-types.ts');
    const text = `import type { ${Object.values(types).join(', ')} } from '@bugmastery/core';\n${Object.values(types).map((t) => `export type _${t} = ${t};`).join('\n')}\n`;
    const options: ts.CompilerOptions = { strict: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, noLib: true, types: [], skipLibCheck: true, noEmit: true };
    const host = ts.createCompilerHost(options);
    const { getSourceFile, fileExists } = host;
    host.getSourceFile = (path, ...rest) => (path === file ? ts.createSourceFile(path, text, ts.ScriptTarget.ES2022) : getSourceFile.call(host, path, ...rest));
    host.fileExists = (path) => path === file || fileExists.call(host, path);
    const program = ts.createProgram([file], options, host);
    const checker = program.getTypeChecker();
    const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)!)!);
    const defs = eventSchema.$defs as Record<string, Record<string, unknown>>;
    for (const [def, typeName] of Object.entries(types)) {
      const alias = exports.find((s) => s.name === `_${typeName}`)!;
      const props = checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(alias));
      const schema = def === '' ? eventSchema : defs[def]!;
      const fields = (o: Record<string, unknown>): string[] => Object.keys((o.properties as object | undefined) ?? {}).sort();
      expect(fields(schema), `fields of ${typeName}`).toEqual(props.map((p) => p.name).sort());
      const required = props.filter((p) => !(p.flags & ts.SymbolFlags.Optional)).map((p) => p.name).sort();
      expect([...((schema.required as string[] | undefined) ?? [])].sort(), `always present in ${typeName}`).toEqual(required);
    }
  });

  describe('holds for real events from @bugmastery/node, sent by httpTransport', () => {
    let site: Site;
    let client: NodeClient;
    beforeAll(async () => {
      site = await startSite();
    });
    afterAll(async () => {
      await client?.close(5_000);
      await site.close();
    });

    it('exceptions with causes, messages, users, tags, contexts, breadcrumbs and an Express request, as JSON and NDJSON', async () => {
      client = init({
        release: 'shop@1.4.2',
        environment: 'docs-test',
        transports: [httpTransport({ url: `${site.origin}/events` }), httpTransport({ url: `${site.origin}/ndjson`, format: 'ndjson', name: 'ndjson' })],
        dedupeWindowMs: 0,
        captureUncaught: false,
        captureUnhandledRejections: 'none',
        captureSignals: false,
      });
      client.setUser({ id: '42', email: 'ada@example.com', plan: 'pro' });
      client.setTag('region', 'eu');
      client.setContext('cart', { items: 3, total: { amount: 120, currency: 'EUR' } });
      client.addBreadcrumb({ category: 'auth', message: 'login ok', data: { method: 'password', token: 'secret' } });
      client.addBreadcrumb({ type: 'http', category: 'fetch', level: 'warning', data: { method: 'GET', url: 'https://api.example.com/x?api_key=1', status_code: 503 } });

      const cause = new TypeError('gateway answered 503', { cause: new RangeError('retry budget spent') });
      client.captureException(new PaymentError('card ending 4000 declined', { cause }), { level: 'fatal', tags: { step: 'charge' } });
      client.captureMessage('disk at 91%', 'warning');
      client.captureException('a thrown string');
      client.captureException({ code: 42, reason: 'a thrown object' });
      client.captureException(new AggregateError([new Error('one'), new SyntaxError('two')], 'several failed'));
      client.withScope((scope) => {
        scope.setTag('job', 'sync');
        client.captureException(Object.assign(new Error('no stack here'), { stack: undefined }));
      });

      const app = express();
      app.use(express.json());
      app.use(expressRequestHandler());
      app.post('/orders/:id', () => {
        throw new Error('order failed');
      });
      app.use(expressErrorHandler());
      app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.status(500).end());
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      const { port } = server.address() as { port: number };
      await fetch(`http://127.0.0.1:${port}/orders/7?coupon=SPRING&access_token=abc`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer xyz', 'x-forwarded-for': '10.0.0.1' },
        body: JSON.stringify({ items: [1, 2] }),
      });
      await new Promise<void>((resolve) => server.close(() => resolve()));

      expect(await client.flush(10_000)).toBe(true);
      const events = receivedEvents(site, '/events');
      expect(events).toHaveLength(7);
      expect(events.map((e) => (e.exceptions as { type: string }[])[0]?.type ?? '(message)')).toEqual(expect.arrayContaining(['PaymentError', 'AggregateError', '(message)']));
      expect(receivedEvents(site, '/ndjson')).toHaveLength(events.length);
      // The kinds the schema must cover really are in what was checked.
      expect(events.some((e) => (e.exceptions as unknown[]).length >= 3)).toBe(true);
      expect(events.some((e) => e.request !== undefined && e.user !== undefined && (e.breadcrumbs as unknown[]).length > 0)).toBe(true);
      expect(events.some((e) => e.message === 'disk at 91%' && (e.exceptions as unknown[]).length === 0)).toBe(true);
      expect(events.some((e) => (e.exceptions as { frames: { context?: unknown }[] }[]).some((x) => x.frames.some((f) => f.context)))).toBe(true);

      expect(schemaProblems([...events, ...receivedEvents(site, '/ndjson')])).toEqual([]);
    });
  });
});
