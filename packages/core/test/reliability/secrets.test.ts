import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as core from '../../src';
import { createClient, httpTransport, type CaptureHint, type Client, type Options, type Transport } from '../../src';
import { createScrubber } from '../../src/internal';
import { httpServer, memoryLogger, type FaultServer } from './harness';

let server: FaultServer;
beforeAll(async () => {
  server = await httpServer((_q, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
});
afterAll(() => server.close());

type Factory = (o: Record<string, unknown>) => Transport;
const factory = (name: string): Factory | undefined => {
  const f = (core as Record<string, unknown>)[name];
  return typeof f === 'function' ? (f as Factory) : undefined;
};

/** Every wire transport core exports, all pointed at the local server. Service transports join once they exist. */
function wireTransports(path: string): Transport[] {
  const base = server.url.replace('/ingest', '');
  const port = new URL(base).port;
  const list: Transport[] = [httpTransport({ url: `${base}/${path}/http`, name: 'http' })];
  const add = (name: string, opts: Record<string, unknown>) => {
    const f = factory(name);
    if (f) list.push(f({ name: name.replace('Transport', ''), ...opts }));
  };
  add('sentryTransport', { dsn: `http://publickey@127.0.0.1:${port}/42`, tunnel: `${base}/${path}/sentry` });
  add('bugsnagTransport', { apiKey: '0123456789abcdef0123456789abcdef', endpoint: `${base}/${path}/bugsnag` });
  add('slackTransport', { webhookUrl: `${base}/${path}/slack`, notifyAt: [1], minIntervalMs: 0 });
  add('pagerDutyTransport', { routingKey: 'R0UTINGKEY0123456789012345678901', endpoint: `${base}/${path}/pagerDuty`, minLevel: 'debug' });
  return list;
}

/** Everything that left the process for one case, transport by transport: URLs, headers and raw bodies. */
function wire(path: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const hit of server.hits) {
    const m = /^\/([^/]+)\/([^/?]+)/.exec(hit.url);
    if (!m || m[1] !== path) continue;
    const text = `${hit.url}\n${JSON.stringify(hit.headers)}\n${hit.body}`;
    out.set(m[2], (out.get(m[2]) ?? '') + text);
  }
  return out;
}

let caseNo = 0;
async function run(setup: (c: Client) => void, extra: Partial<Options> = {}): Promise<Map<string, string>> {
  const path = `case${++caseNo}`;
  const transports = wireTransports(path);
  const c = createClient({ transports, logger: memoryLogger(), dedupeWindowMs: 0, ...extra });
  setup(c);
  expect(await c.flush(5000)).toBe(true);
  const sent = wire(path);
  // Not vacuous: the generic transport carried the event, and every service transport sent something.
  expect(sent.get('http') ?? '').toContain('"exceptions"');
  for (const t of transports) expect(sent.has(t.name), `${t.name} sent nothing`).toBe(true);
  return sent;
}

const req = (over: Partial<NonNullable<CaptureHint['request']>>) => ({ method: 'POST', url: 'https://app.test/login', headers: {}, ...over });

/** [case, what the app does, the secret strings that must not appear anywhere on the wire] */
const cases: [string, (c: Client) => void, string[], Partial<Options>?][] = [
  ['request headers', (c) => c.captureException(new Error('headers'), {
    request: req({ headers: { Authorization: 'Bearer sk_hdr_AUTH1', Cookie: 'sid=COOKIE1; theme=dark', 'Set-Cookie': 'sid=SETCOOKIE1; HttpOnly', 'X-Api-Key': 'APIKEY1', 'proxy-authorization': 'Basic PROXYAUTH1', 'x-csrf-token': 'CSRF1' } }),
  }), ['sk_hdr_AUTH1', 'COOKIE1', 'SETCOOKIE1', 'APIKEY1', 'PROXYAUTH1', 'CSRF1']],
  ['query strings', (c) => c.captureException(new Error('query'), {
    request: req({ url: 'https://app.test/cb?token=QTOKEN1&password=QPASS1&ok=1&access_token=QACCESS1', query: { token: 'QTOKEN2', password: 'QPASS2', client_secret: 'QSECRET2' } }),
  }), ['QTOKEN1', 'QPASS1', 'QACCESS1', 'QTOKEN2', 'QPASS2', 'QSECRET2']],
  ['query string as a string', (c) => c.captureException(new Error('qs'), { request: req({ query: 'api_key=QKEY3&session_id=QSESS3' }) }), ['QKEY3', 'QSESS3']],
  ['JSON bodies (object)', (c) => c.captureException(new Error('body'), {
    request: req({ data: { username: 'jane', password: 'BODYPASS1', nested: { apiKey: 'BODYKEY1', list: [{ secret: 'BODYSECRET1' }], creditCard: { card_number: '4111111111111111', cvv: '123' } } } }),
  }), ['BODYPASS1', 'BODYKEY1', 'BODYSECRET1', '4111111111111111']],
  ['JSON bodies (raw string)', (c) => c.captureException(new Error('raw body'), {
    request: req({ data: '{"username":"jane","password":"BODYPASS2","client_secret": "BODYSECRET2","refresh_token":"BODYTOKEN2"}' }),
  }), ['BODYPASS2', 'BODYSECRET2', 'BODYTOKEN2']],
  ['form-encoded body', (c) => c.captureException(new Error('form'), { request: req({ data: 'user=jane&password=FORMPASS1&token=FORMTOKEN1' }) }), ['FORMPASS1', 'FORMTOKEN1']],
  ['contexts', (c) => {
    c.setContext('db', { password: 'CTXPASS1', url: 'postgres://admin:CTXURLPASS1@db.internal:5432/app' });
    c.setContext('aws', { aws_secret_access_key: 'CTXAWS1', sessionToken: 'CTXSESSION1', privateKey: '-----BEGIN CTXPRIVATE1' });
    c.captureException(new Error('contexts'), { contexts: { job: { credentials: { user: 'x', pass: 'CTXPASS2' }, auth: 'CTXAUTH2' } } });
  }, ['CTXPASS1', 'CTXURLPASS1', 'CTXAWS1', 'CTXSESSION1', 'CTXPRIVATE1', 'CTXPASS2', 'CTXAUTH2']],
  ['breadcrumb URLs', (c) => {
    c.addBreadcrumb({ type: 'http', category: 'fetch', data: { url: 'https://api.test/v1/items?api_key=CRUMBKEY1&page=2', method: 'GET', status_code: 200 } });
    c.addBreadcrumb({ type: 'navigation', category: 'navigation', data: { from: '/reset?token=CRUMBTOKEN1', to: '/login?password=CRUMBPASS1' } });
    c.addBreadcrumb({ type: 'http', category: 'xhr', data: { url: 'https://user:CRUMBURLPASS1@api.test/x' } });
    c.captureException(new Error('crumb urls'));
  }, ['CRUMBKEY1', 'CRUMBTOKEN1', 'CRUMBPASS1', 'CRUMBURLPASS1']],
  ['breadcrumb console messages', (c) => {
    c.addBreadcrumb({ category: 'console', level: 'warning', message: 'login failed for password=CONSOLEPASS1' });
    c.addBreadcrumb({ category: 'console', message: 'sending Authorization: Bearer CONSOLEBEARER1xyz' });
    c.addBreadcrumb({ category: 'console', message: 'config {"apiKey":"CONSOLEKEY1"}', data: { arguments: ['token=CONSOLETOKEN1'] } });
    c.captureException(new Error('console crumbs'));
  }, ['CONSOLEPASS1', 'CONSOLEBEARER1xyz', 'CONSOLEKEY1', 'CONSOLETOKEN1']],
  ['error messages with e-mail, bearer tokens and IPs (sendDefaultPii false)', (c) => {
    c.captureException(new Error('user jane.doe@example.com failed with Bearer MSGBEARER1abcdef from 203.0.113.77'));
    c.captureException(new TypeError('token: MSGTOKEN1 rejected; password="MSGPASS1"'));
    c.captureMessage('retrying with basic MSGBASIC1zzzz for ops+alerts@example.org', 'warning');
  }, ['jane.doe@example.com', 'MSGBEARER1abcdef', '203.0.113.77', 'MSGTOKEN1', 'MSGPASS1', 'MSGBASIC1zzzz', 'ops+alerts@example.org']],
  ['user fields', (c) => {
    c.setUser({ id: '42', email: 'user.secret@example.com', username: 'jane', ip: '198.51.100.23', password: 'USERPASS1', session: 'USERSESSION1' });
    c.captureException(new Error('user'));
  }, ['user.secret@example.com', '198.51.100.23', 'USERPASS1', 'USERSESSION1']],
  ['metadata on the thrown error (an HTTP client error)', (c) => {
    const err = Object.assign(new Error('Request failed with status code 401'), {
      config: { url: 'https://api.test/me?access_token=AXIOSTOKEN1', headers: { Authorization: 'Bearer AXIOSAUTH1', 'X-Api-Key': 'AXIOSKEY1' } },
      response: { status: 401, data: { error: 'bad', refresh_token: 'AXIOSREFRESH1' } },
    });
    c.captureException(err);
  }, ['AXIOSTOKEN1', 'AXIOSAUTH1', 'AXIOSKEY1', 'AXIOSREFRESH1']],
  ['tags', (c) => {
    c.setTag('api_key', 'TAGKEY1');
    c.setTag('note', 'secret=TAGSECRET1');
    c.captureException(new Error('tags'), { tags: { password: 'TAGPASS1' } });
  }, ['TAGKEY1', 'TAGSECRET1', 'TAGPASS1']],
  ['stack frame URLs (signed script URLs)', (c) => {
    const e = new Error('frames');
    e.stack = 'Error: frames\n    at load (https://cdn.test/app.js?token=FRAMETOKEN1&v=2:10:5)\n    at https://user:FRAMEPASS1@cdn.test/vendor.js:1:1';
    c.captureException(e);
  }, ['FRAMETOKEN1', 'FRAMEPASS1']],
  ['captureMessage with a connection string', (c) => c.captureMessage('cannot connect to redis://default:MSGREDISPASS1@cache.internal:6379/0 with api_key=MSGKEY2', 'error'),
    ['MSGREDISPASS1', 'MSGKEY2']],
  ['URL fragments (OAuth implicit flow) and hash-router queries', (c) => {
    c.captureException(new Error('fragment'), { request: req({ url: 'https://app.test/callback#access_token=FRAGTOKEN1&token_type=bearer&state=ok' }) });
    c.addBreadcrumb({ type: 'navigation', category: 'navigation', data: { from: '/#/reset?token=FRAGTOKEN2', to: '/#/home' } });
    c.captureMessage('redirected to https://app.test/cb#id_token=FRAGTOKEN3&x=1', 'warning');
  }, ['FRAGTOKEN1', 'FRAGTOKEN2', 'FRAGTOKEN3']],
  ['credentials with an @ in the password', (c) => {
    c.captureException(new Error('db'), { request: req({ url: 'https://bob:hunter@2ATPASS1@db.test/' }) });
    c.captureMessage('cannot reach postgres://bob:p@ss@ATPASS2@db.internal/app', 'error');
  }, ['ATPASS1', 'ATPASS2', 'hunter']],
  ['key = value with spaces in messages', (c) => {
    c.captureException(new Error('login failed: password = SPACEPASS1, api_key : SPACEKEY1'));
    c.captureMessage('payload {"password" : "SPACEPASS2"}', 'error');
  }, ['SPACEPASS1', 'SPACEKEY1', 'SPACEPASS2']],
  ['custom scrub keys, including /g patterns', (c) => {
    c.setContext('person', { ssn: 'CUSTOMSSN1', national_id: 'CUSTOMNID1', other_national_id: 'CUSTOMNID2', x_national_id: 'CUSTOMNID3' });
    c.captureException(new Error('custom'));
  }, ['CUSTOMSSN1', 'CUSTOMNID1', 'CUSTOMNID2', 'CUSTOMNID3'], { scrub: { keys: [/ssn/i, /national_id/g] } }],
];

describe('scrubbing: no secret reaches any transport (raw bytes on a local server)', () => {
  it.each(cases)('%s', async (_name, setup, secrets, extra) => {
    const sent = await run(setup, extra);
    for (const [transport, text] of sent) {
      for (const secret of secrets) expect(text.includes(secret), `${secret} reached ${transport}`).toBe(false);
    }
  });

  it('sendDefaultPii: true keeps e-mail addresses (the switch is real) but still filters secrets', async () => {
    const sent = await run((c) => c.captureException(new Error('mail jane.doe@example.com with password=PIIPASS1')), { sendDefaultPii: true });
    expect(sent.get('http')).toContain('jane.doe@example.com');
    for (const text of sent.values()) expect(text).not.toContain('PIIPASS1');
  });
});

describe('alerting payloads carry no request bodies or headers', () => {
  it('Slack and PagerDuty get the headline, never the request body or headers', async () => {
    if (!factory('slackTransport') && !factory('pagerDutyTransport')) return;
    const sent = await run((c) =>
      c.captureException(new Error('checkout failed'), {
        request: req({ headers: { 'x-trace-header': 'HEADERMARKER1' }, data: { cart: 'BODYMARKER1' }, query: { q: 'QUERYMARKER1' } }),
      }),
    );
    // The generic transport carries them (so the markers are really in the event)…
    expect(sent.get('http')).toContain('HEADERMARKER1');
    expect(sent.get('http')).toContain('BODYMARKER1');
    // …the alerting ones do not.
    for (const name of ['slack', 'pagerDuty']) {
      const text = sent.get(name);
      if (text === undefined) continue;
      expect(text).toContain('checkout failed');
      for (const marker of ['HEADERMARKER1', 'BODYMARKER1', 'QUERYMARKER1']) expect(text, `${marker} in ${name}`).not.toContain(marker);
    }
  });
});

describe('scrubbing cost', () => {
  it('stays linear on long inputs (these hang on a backtracking pattern)', () => {
    const scrub = createScrubber();
    const inputs = ['x'.repeat(2_000_000), 'a.'.repeat(1_000_000), 'k-'.repeat(1_000_000) + '=', 'key="'.repeat(200_000), 'https://' + 'h'.repeat(1_000_000)];
    for (const input of inputs) expect(typeof scrub.text(input)).toBe('string');
    expect(scrub.url('http://x/?' + 'a=b&'.repeat(200_000))).toContain('a=b');
  });
});

describe('no code from strings', () => {
  const root = resolve(__dirname, '../../..');
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? files(p) : /\.(ts|js|mjs|cjs)$/.test(name) ? [p] : [];
    });

  it('no eval, new Function, string timers or dynamic require in packages/*/src', () => {
    const sources = readdirSync(root)
      .map((pkg) => join(root, pkg, 'src'))
      .filter((dir) => {
        try {
          return statSync(dir).isDirectory();
        } catch {
          return false;
        }
      })
      .flatMap(files);
    expect(sources.length).toBeGreaterThan(10);
    const offenders: string[] = [];
    for (const file of sources) {
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|(^|[^:])\/\/.*$/gm, '$1');
      const patterns = [/\beval\s*\(/, /\bnew\s+Function\s*\(/, /\bFunction\s*\(\s*['"`]/, /\bset(Timeout|Interval)\s*\(\s*['"`]/, /\brequire\s*\(\s*(?!['"`])/, /\bimport\s*\(\s*(?!['"`])/];
      for (const p of patterns) if (p.test(text)) offenders.push(`${file.slice(root.length + 1)}: ${p}`);
    }
    expect(offenders).toEqual([]);
  });
});
