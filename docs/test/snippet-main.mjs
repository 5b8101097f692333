// Runs one docs snippet (argv[2]), then stops the app as a deploy would: closes the servers it started (see
// snippet-preload.mjs) and the client init() made (flush, handlers removed, transports' connections released),
// so the process ends by itself.
import { pathToFileURL } from 'node:url';
import { getCurrentClient } from '@bugmastery/core';

await import(pathToFileURL(process.argv[2]).href);
await new Promise((resolve) => setImmediate(resolve));
globalThis[Symbol.for('bugmastery.docs.closeServers')]();
await getCurrentClient()?.close(5_000);
