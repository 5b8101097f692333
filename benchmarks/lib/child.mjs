// Parent ↔ child plumbing: a child prints one `RESULT {json}` line; SDKs may print what they like.
import { spawn } from 'node:child_process';

const MARK = 'RESULT ';

export function report(result) {
  process.stdout.write(`\n${MARK}${JSON.stringify(result)}\n`);
}

/**
 * Runs `node [nodeArgs] script arg` and resolves with the parsed result, or with
 * `{ failed: reason }` when it crashes, prints nothing or outlives `timeoutMs` (then it is killed).
 */
export function runChild(script, arg, { nodeArgs = [], timeoutMs = 120_000, env, cwd } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, script, JSON.stringify(arg)], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').reverse().find((l) => l.startsWith(MARK));
      if (line) return resolve(JSON.parse(line.slice(MARK.length)));
      if (timedOut) return resolve({ failed: `killed after ${Math.round(timeoutMs / 1000)} s` });
      const oom = /heap out of memory|Allocation failed/i.test(err);
      resolve({ failed: oom ? 'crashed: out of memory' : `exited ${code ?? signal}: ${err.trim().split('\n').slice(-3).join(' | ')}` });
    });
  });
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
