// Runs one docs snippet (argv[2]), then closes the servers it started (see snippet-preload.mjs) so the process
// ends by itself once the SDK has flushed — as it would when the app stops.
import { pathToFileURL } from 'node:url';

await import(pathToFileURL(process.argv[2]).href);
await new Promise((resolve) => setImmediate(resolve));
globalThis[Symbol.for('bugmastery.docs.closeServers')]();
