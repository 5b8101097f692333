// Loaded with `node --import` before a docs snippet runs: the snippet's requests stay on this machine.
// Every fetch to a host that is not loopback (collector.example.com, o0.ingest.sentry.io, hooks.slack.com…)
// goes to the test's collector on 127.0.0.1 instead, same path and body, the original URL in a header.
const collector = process.env.BUGMASTERY_SNIPPET_COLLECTOR;
if (!collector) throw new Error('BUGMASTERY_SNIPPET_COLLECTOR is not set');
const realFetch = globalThis.fetch;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

globalThis.fetch = (input, init) => {
  const original = new URL(input instanceof Request ? input.url : String(input));
  if (LOOPBACK.has(original.hostname)) return realFetch(input, init);
  const target = new URL(original.pathname + original.search, collector);
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  headers.set('x-snippet-original-url', original.href);
  return realFetch(target, { ...init, headers });
};

// A snippet may start a server (`app.listen(3000)`): it gets a free port on loopback instead, and snippet-main.mjs
// closes it once the snippet's top-level code has run, so the process can end.
import net from 'node:net';

const servers = new Set();
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  servers.add(this);
  if (typeof args[0] === 'number' || /^\d+$/.test(String(args[0]))) args.splice(0, typeof args[1] === 'string' ? 2 : 1, 0, '127.0.0.1');
  else if (args[0] && typeof args[0] === 'object' && 'port' in args[0]) args[0] = { ...args[0], port: 0, host: '127.0.0.1' };
  return listen.apply(this, args);
};
globalThis[Symbol.for('bugmastery.docs.closeServers')] = () => {
  for (const server of servers) {
    server.closeAllConnections?.();
    server.close();
  }
};
