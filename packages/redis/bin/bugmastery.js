#!/usr/bin/env node
// The `bugmastery` command. Committed, not built: npm links a bin at install only if its file exists, and in
// this repository `npm install` runs before the first build. The command itself is dist/cli.js.
import('../dist/cli.js').catch((err) => {
  const notBuilt = err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli.js');
  process.stderr.write(`bugmastery: ${notBuilt ? '@bugmastery/redis is not built: run `npm run build`' : err?.message ?? err}\n`);
  process.exitCode = 1;
});
