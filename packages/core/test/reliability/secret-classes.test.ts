import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bugsnagTransport, consoleTransport, createClient, httpTransport, pagerDutyTransport, sentryTransport, slackTransport, type Client, type Transport } from '../../src';
import { contextLineScrubber, createScrubber } from '../../src/internal';
import { httpServer, memoryLogger, type FaultServer } from './harness';
import { recordingTransport } from '../support';

/**
 * Each class of secret the scrubber must catch (issue 19 § 5, issue 16 § 2), generated inside
 * every part of an event the app fills — message, exception message, contexts, request data and
 * headers, breadcrumbs, tags, user, the thrown error's own properties — and looked for in the raw
 * bytes every wire transport sent: http, sentry, bugsnag, slack, pagerduty and console.
 */

let server: FaultServer;
beforeAll(async () => {
  server = await httpServer((_q, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
});
afterAll(() => server.close());

let caseNo = 0;

/** Every wire transport against the local server (console into a string), one path per case. */
function wireTransports(path: string): { transports: Transport[]; consoleText: () => string } {
  const base = server.url.replace('/ingest', '');
  let printed = '';
  const transports: Transport[] = [
    httpTransport({ url: `${base}/${path}/http` }),
    sentryTransport({ dsn: `http://publickey@127.0.0.1:${server.port}/42`, tunnel: `${base}/${path}/sentry` }),
    bugsnagTransport({ apiKey: '0123456789abcdef0123456789abcdef', endpoint: `${base}/${path}/bugsnag` }),
    slackTransport({ webhookUrl: `${base}/${path}/slack`, notifyAt: [1], minIntervalMs: 0 }),
    pagerDutyTransport({ routingKey: 'R0UTINGKEY0123456789012345678901', endpoint: `${base}/${path}/pagerduty`, minLevel: 'debug' }),
    consoleTransport({ stream: { write: (s: string) => void (printed += s) } }),
  ];
  return { transports, consoleText: () => printed };
}

/** Runs `setup` on a fresh client; returns what each transport put on the wire (URL, headers and raw body). */
async function wire(setup: (c: Client) => void): Promise<Map<string, string>> {
  const path = `k${++caseNo}`;
  const { transports, consoleText } = wireTransports(path);
  const c = createClient({ transports, logger: memoryLogger(), dedupeWindowMs: 0 });
  setup(c);
  expect(await c.flush(5000)).toBe(true);
  const sent = new Map<string, string>();
  for (const hit of server.hits) {
    const m = /^\/([^/]+)\/([^/?]+)/.exec(hit.url);
    if (!m || m[1] !== path) continue;
    sent.set(m[2], (sent.get(m[2]) ?? '') + `${hit.url}\n${JSON.stringify(hit.headers)}\n${hit.body}`);
  }
  sent.set('console', consoleText());
  // Not vacuous: every transport carried the events.
  for (const name of ['http', 'sentry', 'bugsnag', 'slack', 'pagerduty', 'console']) expect(sent.get(name), `${name} sent nothing`).toBeTruthy();
  return sent;
}

/** Puts `text` in every string part of an event, and `record` (secret-keyed fields) in every object part. */
function everywhere(text: string, record: Record<string, unknown> = {}, url = 'https://app.test/checkout') {
  return (c: Client): void => {
    c.setContext('ctx', { note: text, nested: { list: [text] }, ...record });
    c.setTag('note', text);
    c.setUser({ id: '1', username: text, ...record });
    c.addBreadcrumb({ category: 'console', message: text, data: { detail: text, url, ...record } });
    c.addBreadcrumb({ type: 'http', category: 'fetch', data: { url, method: 'GET', status_code: 500 } });
    const err = Object.assign(new Error(`failed: ${text}`), { detail: text, response: { body: text, ...record } });
    c.captureException(err, { request: { method: 'POST', url, headers: { 'x-note': text, ...(record as Record<string, string>) }, data: { comment: text, ...record }, query: { q: text } } });
    c.captureMessage(`logged: ${text}`, 'error');
  };
}

const expectAbsent = (sent: Map<string, string>, secrets: string[]): void => {
  for (const [transport, text] of sent) for (const secret of secrets) expect(text.includes(secret), `${JSON.stringify(secret)} reached ${transport}: ${text.slice(Math.max(0, text.indexOf(secret) - 150), text.indexOf(secret) + 30)}`).toBe(false);
};

// ─── Generators ───────────────────────────────────────────────────────────────

const alnum = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9]{${min},${max}}$`));
/** A secret marker: unique enough never to appear on the wire by chance. */
const marker = alnum(10, 20).map((s) => `Zq${s}`);
const word = fc.stringMatching(/^[a-z]{3,9}$/);

/** Luhn check digit for `body`. */
function luhnComplete(body: string): string {
  let sum = 0;
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = Number(body[i]);
    if (double && (d *= 2) > 9) d -= 9;
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

/** Card numbers of every network range, 13–19 digits. */
const pan = fc
  .tuple(fc.constantFrom('4', '51', '55', '2221', '2720', '34', '37', '36', '3528', '6011', '65', '62'), fc.integer({ min: 13, max: 19 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 19, maxLength: 19 }))
  .map(([prefix, length, digits]) => luhnComplete((prefix + digits.join('')).slice(0, length - 1)));
/** As people write them: plain, in fours with spaces or dashes. */
const writtenPan = fc.tuple(pan, fc.constantFrom('', ' ', '-')).map(([p, sep]) => ({ digits: p, written: sep ? p.replace(/(\d{4})(?=\d)/g, `$1${sep}`) : p }));

/** Each class: the text to hide secrets in, and the secrets. */
type Case = { text: string; secrets: string[]; record?: Record<string, unknown>; url?: string };

const classes: Record<string, fc.Arbitrary<Case>> = {
  'percent-encoded nested parameters': fc.tuple(marker, fc.constantFrom('access_token', 'token', 'password', 'client_secret'), fc.integer({ min: 1, max: 2 })).map(([s, key, rounds]) => {
    let inner = `/me?${key}=${s}&x=1`;
    for (let i = 0; i < rounds; i++) inner = encodeURIComponent(inner);
    const url = `https://app.test/login?next=${inner}&redirect_uri=${encodeURIComponent(`https://cb.test/?${key}=${s}`)}`;
    return { text: `redirected to ${url}`, secrets: [s], url };
  }),
  'query keys key=, jwt=, X-Amz-Signature=': fc.tuple(marker, fc.constantFrom('key', 'jwt', 'X-Amz-Signature', 'x-amz-signature', 'access_token')).map(([s, key]) => {
    const url = `https://maps.test/api/geo?lang=en&${key}=${s}&page=2`;
    return { text: `GET ${url} failed`, secrets: [s], url };
  }),
  'path parameter ;jsessionid=': marker.map((s) => {
    const url = `https://shop.test/cart;jsessionid=${s}?step=2`;
    return { text: `redirect to ${url}`, secrets: [s], url };
  }),
  'raw header text (every cookie, every Digest parameter)': fc.tuple(marker, marker, fc.constantFrom('\r\n', '\n')).map(([a, b, nl]) => ({
    text: `GET /x HTTP/1.1${nl}Host: app.test${nl}Cookie: theme=dark; sid=${a}; csrf=${b}${nl}Authorization: Digest username="bob", realm="app", nonce="n1", response="${b}x"${nl}Accept: */*${nl}`,
    secrets: [a, b],
  })),
  'JSON inside a JSON string': fc.tuple(marker, fc.constantFrom('password', 'apiKey', 'client_secret', 'refresh_token')).map(([s, key]) => ({
    text: `upstream said ${JSON.stringify(JSON.stringify({ user: 'bob', [key]: `${s} and more` }))}`,
    secrets: [s],
  })),
  'escaped quotes inside values': fc.tuple(marker, word).map(([s, w]) => ({ text: `login with password="a\\"${w} ${s}\\"b" failed`, secrets: [s, `${w} ${s}`] })),
  'multi-word values': fc.tuple(word, word, marker).map(([a, b, s]) => ({ text: `password=${a} ${b} ${s}`, secrets: [s, `${b} ${s}`] })),
  'token shapes anywhere': fc
    .tuple(
      fc.constantFrom('sk_live_', 'sk_test_', 'rk_live_', 'ghp_', 'gho_', 'ghs_', 'github_pat_', 'AKIA', 'ASIA', 'xoxb-', 'xoxa-', 'xoxp-', 'xoxr-', 'jwt'),
      fc.stringMatching(/^[A-Z0-9]{40}$/),
      word,
    )
    .map(([prefix, body, w]) => {
      const token =
        prefix === 'jwt'
          ? `eyJhbGciOiJIUzI1NiJ9.eyJ${body.slice(0, 20)}.${body.slice(20)}`
          : prefix.startsWith('A')
            ? `${prefix}${body.slice(0, 16)}`
            : `${prefix}${body}`;
      return { text: `${w} failed using ${token} (${w})`, secrets: [token.slice(prefix === 'jwt' ? 10 : prefix.length).slice(0, 16)], url: `https://app.test/r/${token}/x?ref=${token}&page=2` };
    }),
  'PEM private keys': fc.tuple(alnum(40, 64), fc.constantFrom('RSA ', 'EC ', 'OPENSSH ', 'ENCRYPTED ', ''), fc.boolean()).map(([body, kind, closed]) => ({
    text: `config: -----BEGIN ${kind}PRIVATE KEY-----\nMII${body}\n${body}Zq\n${closed ? `-----END ${kind}PRIVATE KEY-----\n` : ''}`,
    secrets: [body],
  })),
  'secret header and key names': marker.map((s) => ({
    text: 'headers attached',
    secrets: [s],
    record: { 'x-authorization': s, Authentication: s, 'Ocp-Apim-Subscription-Key': s, 'X-Amz-Signature': s, jwt: s },
  })),
  'card numbers by value (issue 16)': fc.tuple(writtenPan, word).map(([{ digits, written }, w]) => {
    const url = `https://shop.test/pay?number=${digits}&ok=1`;
    // A card number kept as a JS number too (exact up to 2^53): masked by value like a string.
    const record = Number.isSafeInteger(Number(digits)) ? { amountCents: 1250, storedAs: Number(digits) } : undefined;
    return { text: `charge failed for card ${written} (${w})`, secrets: [digits, written], url, record };
  }),
  'card key names (issue 16)': fc.tuple(marker, fc.constantFrom('creditCard', 'card-number', 'CARD_NUMBER', 'cardNumber', 'Card Number', 'cc_number', 'cvv', 'cvc', 'CVV2', 'card_cvc', 'cardCvv', 'securityCode', 'card.pin')).map(([s, key]) => ({
    text: 'payment form',
    secrets: [s],
    record: { [key]: s },
  })),
  // ─── Found by the acceptance review (other spellings, shapes, encodings and structures of the classes above) ───
  'more token shapes (OpenAI, Anthropic, GitLab, npm, Shopify, SendGrid, Google OAuth, Stripe webhook) and webhook URLs': fc
    .tuple(fc.stringMatching(/^[A-Za-z0-9]{48}$/), fc.stringMatching(/^[a-f0-9]{32}$/), word)
    .chain(([body, hex, w]) =>
      fc.constantFrom(
        { token: `sk-proj-${body}`, secret: body.slice(0, 20) },
        { token: `sk-ant-api03-${body}`, secret: body.slice(0, 20) },
        { token: `sk-${body}`, secret: body.slice(0, 20) },
        { token: `glpat-${body.slice(0, 20)}`, secret: body.slice(0, 20) },
        { token: `npm_${body.slice(0, 36)}`, secret: body.slice(0, 20) },
        { token: `shpat_${hex}`, secret: hex },
        { token: `SG.${body.slice(0, 22)}.${body.slice(22)}`, secret: body.slice(0, 20) },
        { token: `ya29.${body}`, secret: body.slice(0, 20) },
        { token: `whsec_${body}`, secret: body.slice(0, 20) },
        { token: `https://hooks.slack.com/services/T${hex.slice(0, 8)}/B${hex.slice(8, 16)}/${body.slice(0, 24)}`, secret: body.slice(0, 24) },
        { token: `https://discord.com/api/webhooks/123456789012345678/${body}`, secret: body.slice(0, 20) },
      ).map(({ token, secret }) => ({ text: `${w} failed: POST ${token} (${w})`, secrets: [secret], url: `https://app.test/cb?next=${encodeURIComponent(token)}` })),
    ),
  'more key spellings (passcode, session_key, privkey, Azure AccountKey=, Ruby =>, --flag value)': fc
    .tuple(marker, fc.constantFrom('passcode', 'session_key', 'privkey', 'sessionKey', 'storage_key', 'shared-key'))
    .map(([s, key]) => ({
      text: `${key}=${s}1; DefaultEndpointsProtocol=https;AccountName=shop;AccountKey=${s}2==;EndpointSuffix=core.windows.net; {:${key} => '${s}3', "${key}"=>"${s}4"}; Command failed: pg_dump --${key} ${s}5 --host db`,
      secrets: [`${s}1`, `${s}2`, `${s}3`, `${s}4`, `${s}5`],
      record: { [key]: `${s}6` },
    })),
  'a secret key whose value is an object or a list in text, `pass`, PHP print_r': fc.tuple(marker, fc.constantFrom('credentials', 'auth', 'secrets', 'tokens')).map(([s, key]) => ({
    text: `upstream: {"${key}":{"user":"bob","key":"${s}1","nested":["${s}2"]},"ok":1} ${key}: [${s}3, "${s}4"] pass=${s}5 Array ( [pass] => ${s}6 )`,
    secrets: [`${s}1`, `${s}2`, `${s}3`, `${s}4`, `${s}5`, `${s}6`],
    record: { pass: `${s}7` },
  })),
  'structured text: XML elements, HTML-escaped and \\u0022-escaped JSON': fc.tuple(marker, fc.constantFrom('password', 'ApiKey', 'client_secret', 'ns:Password')).map(([s, key]) => ({
    text: `<soap:Fault><${key}>${s}1</${key}></soap:Fault> <pre>{&quot;${key}&quot;: &quot;${s}2&quot;}</pre> {\\u0022${key}\\u0022:\\u0022${s}3\\u0022} {"${key}":"a\\u0022 ${s}4"}`,
    secrets: [`${s}1`, `${s}2`, `${s}3`, `${s}4`],
  })),
  'values named by a sibling (rawHeaders, [name, value] entries, { name, value } and { Key, Value } records)': fc
    .tuple(marker, fc.constantFrom('Authorization', 'Cookie', 'X-Api-Key', 'DB_PASSWORD', 'stripe_secret'))
    .map(([s, name]) => ({
      text: 'sibling names',
      secrets: [s],
      record: {
        rawHeaders: ['Host', 'app.test', name, `${s}`],
        entries: [['accept', 'json'], [name, s]],
        env: [{ name, value: s }, { name: 'PORT', value: '80' }],
        tags: [{ Key: name, Value: s }],
      },
    })),
  'card numbers form- and percent-encoded (`+`, `%20`) in query strings, paths and bodies': fc.tuple(writtenPan, fc.constantFrom('+', '%20')).map(([{ digits }, sep]) => {
    const encoded = digits.replace(/(\d{4})(?=\d)/g, `$1${sep}`);
    const url = `https://shop.test/pay/${encoded}/confirm?number=${encoded}&ok=1`;
    return { text: `POST ${url} body: card_no=x&pan_text=${encoded}&exp=12%2F30`, secrets: [digits, encoded, digits.slice(0, 12)], url };
  }),
  'card numbers after other separators (no-break and narrow spaces, tabs, en dashes) and as object keys': fc
    .tuple(writtenPan, fc.constantFrom('\u00a0', '\u202f', '\u2007', '\t', '\u2013'))
    .map(([{ digits }, sep]) => {
      const written = digits.replace(/(\d{4})(?=\d)/g, `$1${sep}`);
      return { text: `charge failed for card ${written}`, secrets: [digits, written, digits.slice(0, 12)], record: { byCard: { [digits]: 'declined' }, cards: new Map([[written, 1]]) } };
    }),
};

describe('every class of secret, in every part of an event, on every wire transport', () => {
  for (const [name, arb] of Object.entries(classes)) {
    it(name, async () => {
      await fc.assert(
        fc.asyncProperty(arb, async ({ text, secrets, record, url }) => {
          expectAbsent(await wire(everywhere(text, record, url)), secrets);
        }),
        { numRuns: 8 },
      );
    });
  }
});

describe('fields the app names that are not data', () => {
  it("a breadcrumb's type and a capture's mechanism type are scrubbed like its message", async () => {
    const secret = 'sk_live_TYPEFIELD0123456789';
    const sent = await wire((c) => {
      c.addBreadcrumb({ type: `card 4111 1111 1111 1111 ${secret}`, message: 'm' });
      c.captureException(new Error('boom'), { mechanism: { type: `charge 4111-1111-1111-1111 ${secret}`, handled: false } });
    });
    expectAbsent(sent, [secret, '4111 1111 1111 1111', '4111-1111-1111-1111']);
  });
});

describe('what must survive', () => {
  it('timestamps, order ids and non-Luhn numbers keep their digits', async () => {
    const notCard = fc.oneof(
      fc.integer({ min: 1_000_000_000_000, max: 1_999_999_999_999 }).map(String), // epoch milliseconds
      pan.map((p) => p.slice(0, -1) + String((Number(p.slice(-1)) + 1) % 10)), // one digit off: fails Luhn
      fc.stringMatching(/^[0-9]{20,30}$/), // longer than any card
    );
    await fc.assert(
      fc.asyncProperty(notCard, async (n) => {
        const sent = await wire((c) => c.captureMessage(`order ${n} at 1700000000000 for 3 items`, 'error'));
        expect(sent.get('http')).toContain(`order ${n} at 1700000000000`);
      }),
      { numRuns: 10 },
    );
  });

  it('ordinary keys and text stay readable', () => {
    const s = createScrubber();
    expect(s.text('user=bob took 35 ms; cache key=users:42 hit')).toBe('user=bob took 35 ms; cache key=users:42 hit');
    for (const key of ['key', 'primaryKey', 'cache_key', 'publicKey', 'sortKey', 'card_brand', 'pinned', 'spin', 'card_expiry_month']) expect(s.isSecretKey(key), key).toBe(false);
    expect(s.url('https://app.test/a?page=2&q=hello%20world')).toBe('https://app.test/a?page=2&q=hello%20world');
    // Lists and records that name no secret, prose with dashes and markup keep what they say.
    expect(s.value({ env: [{ name: 'PORT', value: '80' }], raw: ['Host', 'app.test', 'Accept', 'json'], fields: ['token', 'user', 'admin'] })).toEqual({
      env: [{ name: 'PORT', value: '80' }],
      raw: ['Host', 'app.test', 'Accept', 'json'],
      fields: ['token', 'user', 'admin'],
    });
    for (const text of ['use sk-learn-compatible-estimators --verbose run', '<b>password</b> must be 8 characters', 'task-runner --user bob --dry-run']) expect(s.text(text)).toBe(text);
  });
});

describe('scrubbers stay linear on adversarial megabyte inputs (they would hang or overflow the regex stack otherwise; benchmarks/hostile times 10 MB)', () => {
  const MB = 1024 * 1024;
  const inputs: [string, string][] = [
    ['quoted value with escapes', 'password="' + 'a\\"'.repeat(MB)],
    ['escaped-quoted value', 'password=\\"' + 'a\\\\\\"'.repeat(MB / 2)],
    ['unclosed quote', 'password="\\'.repeat(MB / 4)],
    ['digit groups', '4 '.repeat(MB)],
    ['card-like groups', '4111 '.repeat(MB / 2)],
    ['JWT prefixes', 'eyJa-'.repeat(MB / 2)],
    ['JWT prefixes with dots', 'eyJa.'.repeat(MB / 2)],
    ['PEM headers', 'x ' + '-----BEGIN RSA PRIVATE KEY-----'.repeat(MB / 32)],
    ['encoded separators', 'a%3Dtoken%253D'.repeat(MB / 4)],
    ['cookie lines', 'Cookie: a=1; b=2\n'.repeat(MB / 16)],
    ['an e-mail domain with a million dots', 'x@' + 'a.'.repeat(MB)],
    ['multi-word values', 'password=' + 'ab '.repeat(MB)],
    ['unclosed XML elements', '<password>'.repeat(MB / 10)],
    ['XML elements with long attributes', ('<ns:password a="' + 'x'.repeat(300)).repeat(MB / 320)],
    ['HTML-escaped quotes', '&quot;password&quot;:&quot;'.repeat(MB / 26)],
    ['command-line flags', '--password '.repeat(MB / 11)],
    ['unclosed object values', 'token: {'.repeat(MB / 8)],
    ['object values with open quotes', 'token: ["'.repeat(MB / 9)],
    ['no-break-spaced digit groups', '4111\u00a0'.repeat(MB / 5)],
    ['token prefixes', 'sk-proj-a sk-ab! '.repeat(MB / 16)],
    ['webhook prefixes', 'hooks.slack.com/services/'.repeat(MB / 25)],
  ];
  it.each(inputs)('%s', (_name, input) => {
    const s = createScrubber();
    const out = s.text(input);
    expect(typeof out).toBe('string');
    expect(out).not.toBe('[Filtered]'); // read, not failed closed
  });
});

describe('context lines a runtime adds after the event is built', () => {
  it('are scrubbed before any transport sees them (a password, a live key, a connection string at the throw site)', async () => {
    const server2Path = `k${++caseNo}`;
    const { transports } = wireTransports(server2Path);
    const shared = { pre: ['const password = "CTXLINEPASS1";', 'const stripe = "sk_live_CTXLINEKEY1abcdef";'], line: 'connect("postgres://admin:CTXLINEURL1@db/app")', post: ['// card 4111 1111 1111 1111'] };
    const c = createClient({
      transports,
      logger: memoryLogger(),
      dedupeWindowMs: 0,
      // As the Node runtime does: one cached context object shared by every event of the throw site.
      platform: { name: 'node', scrubContextLines: contextLineScrubber, enrich: (event) => void event.exceptions[0]?.frames.forEach((f) => (f.context = shared)) },
    });
    const err = new Error('boom');
    err.stack = 'Error: boom\n    at handler (/app/src/db.js:10:5)\n    at main (/app/src/index.js:3:1)';
    c.captureException(err);
    c.captureException(err);
    expect(await c.flush(5000)).toBe(true);
    const bodies = server.hits.filter((h) => h.url.startsWith(`/${server2Path}/`)).map((h) => h.body).join('\n');
    expect(bodies).toContain('const password = \\"[Filtered]\\";');
    for (const secret of ['CTXLINEPASS1', 'CTXLINEKEY1', 'CTXLINEURL1', '4111 1111 1111 1111']) expect(bodies).not.toContain(secret);
    expect(shared.pre[0]).toContain('CTXLINEPASS1'); // the runtime's cached copy is left as read
  });
});

describe('context lines from a runtime that brings no scrubber for them', () => {
  it('are removed unread before beforeSend or any transport sees them (core does not send what it did not scrub)', async () => {
    const rec = recordingTransport();
    const seen: unknown[] = [];
    const excerpt = { pre: ['const password = "NOSCRUBBERPASS1";'], line: 'fail();', post: [] };
    const c = createClient({
      transports: [rec],
      logger: memoryLogger(),
      beforeSend: (event) => {
        seen.push(...event.exceptions[0].frames.map((f) => f.context));
        return event;
      },
      platform: {
        name: 'custom',
        mapFrames: (frames) => frames.map((f, i) => (i === 0 ? { ...f, context: excerpt } : f)),
        enrich: (event) => void (event.exceptions[0].frames[1].context = excerpt),
      },
    });
    const err = new Error('boom');
    err.stack = 'Error: boom\n    at main (/app/src/index.js:3:1)\n    at handler (/app/src/conf.js:3:1)';
    c.captureException(err);
    expect(await c.flush(5000)).toBe(true);
    expect(rec.events).toHaveLength(1);
    expect(seen).toEqual([undefined, undefined]);
    expect(JSON.stringify(rec.events)).not.toContain('NOSCRUBBERPASS1');
  });
});

describe('context lines are scrubbed as one excerpt', () => {
  it('a secret spanning lines (a PEM block) is seen whole; when scrubbing merges lines the frame loses its context rather than carry misaligned lines', async () => {
    const rec = recordingTransport();
    const near = { pre: ['const key = `-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEAtopsecret'], line: '-----END RSA PRIVATE KEY-----`; sign(key);', post: ['run();'] };
    const far = { pre: ['const b = 2;'], line: 'const token = "abc-123-secret"; fail();', post: ['end();'] };
    const c = createClient({
      transports: [rec],
      logger: memoryLogger(),
      platform: {
        name: 'node',
        scrubContextLines: contextLineScrubber,
        enrich: (event) => {
          const [top, next] = event.exceptions[0].frames;
          top.context = near;
          next.context = far;
        },
      },
    });
    const err = new Error('boom');
    err.stack = 'Error: boom\n    at main (/app/src/index.js:3:1)\n    at handler (/app/src/conf.js:3:1)';
    c.captureException(err);
    expect(await c.flush(5000)).toBe(true);
    const [top, next] = rec.events[0].exceptions[0].frames;
    expect(top.context).toBeUndefined();
    expect(next.context).toEqual({ pre: ['const b = 2;'], line: 'const token = "[Filtered]"; fail();', post: ['end();'] });
  });
});
