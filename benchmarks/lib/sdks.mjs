// One adapter per SDK with the same shape, so every benchmark loop is identical for all of them:
// capture(error), flush(timeoutMs) → Promise, delivered() → events that reached the transport.
// No network anywhere: each SDK gets a transport / delivery that only counts.

export const SDK_NAMES = ['bare', 'bugmastery', 'sentry', 'bugsnag'];

export const LABELS = {
  bare: 'bare (new Error + .stack)',
  bugmastery: 'Bugmastery (@bugmastery/node init)',
  'bugmastery-core': 'Bugmastery core only (createClient, no runtime platform)',
  sentry: '@sentry/node',
  bugsnag: '@bugsnag/js',
};

const silent = { warn() {}, error() {} };

/**
 * `mode: 'every'` makes each SDK fully process every event (Bugmastery: dedupe and rate limit off);
 * `mode: 'default'` keeps every SDK's default options (the storm).
 */
export async function setup(name, { mode = 'default' } = {}) {
  if (name === 'bare') return bare();
  if (name === 'bugmastery') return bugmastery(mode);
  if (name === 'bugmastery-core') return bugmastery(mode, 'core');
  if (name === 'sentry') return sentry();
  if (name === 'bugsnag') return bugsnag();
  throw new Error(`unknown SDK ${name}`);
}

function bare() {
  let n = 0;
  let sink = 0;
  return {
    capture(err) {
      sink += err.stack.length;
      n++;
    },
    flush: async () => true,
    delivered: () => n,
    sink: () => sink,
  };
}

/** `@bugmastery/node`'s init, like-for-like with `@sentry/node`: runtime contexts, context lines, source maps, handlers. */
async function bugmastery(mode, flavour = 'node') {
  const { init } = flavour === 'node' ? await import('@bugmastery/node') : { init: (await import('@bugmastery/core')).createClient };
  let n = 0;
  const count = { name: 'count', write(events) { n += events.length; } };
  const options = { transports: [count], logger: silent };
  if (mode === 'every') Object.assign(options, { dedupeWindowMs: 0, rateLimit: {} });
  const client = init(options);
  return {
    client,
    capture: (err) => client.captureException(err),
    flush: (timeoutMs = 30_000) => client.flush(timeoutMs),
    delivered: () => n,
  };
}

async function sentry() {
  const Sentry = await import('@sentry/node');
  let n = 0;
  Sentry.init({
    dsn: 'https://public@127.0.0.1/1',
    transport: () => ({
      send: async (envelope) => {
        for (const [header] of envelope[1]) if (header.type === 'event') n++;
        return {};
      },
      flush: async () => true,
    }),
  });
  return {
    capture: (err) => Sentry.captureException(err),
    flush: (timeoutMs = 30_000) => Sentry.flush(timeoutMs),
    delivered: () => n,
  };
}

async function bugsnag() {
  const { default: Bugsnag } = await import('@bugsnag/js');
  let n = 0;
  let issued = 0;
  let done = 0;
  let waiters = [];
  const client = Bugsnag.start({ apiKey: '0123456789abcdef0123456789abcdef', logger: null });
  client._setDelivery(() => ({
    sendEvent(payload, cb) {
      n += payload.events.length;
      cb(null);
    },
    sendSession(_payload, cb) {
      cb(null);
    },
  }));
  const onDone = () => {
    done++;
    if (done === issued && waiters.length > 0) {
      const ready = waiters;
      waiters = [];
      for (const resolve of ready) resolve(true);
    }
  };
  return {
    capture(err) {
      issued++;
      client.notify(err, null, onDone);
    },
    // Bugsnag has no flush: an event is done when notify's callback runs.
    flush(timeoutMs = 30_000) {
      if (done === issued) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
    delivered: () => n,
    progress: () => ({ issued, done }),
  };
}

// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
