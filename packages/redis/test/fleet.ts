import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('./fixtures/worker.mjs', import.meta.url));
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** Runs the built `bugmastery` command in a child process. */
export function bugmastery(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface WorkerResult {
  flushed: boolean;
  closed: boolean;
  threw: number;
  stats: { captured: number; transports: Record<string, { sent: number; filtered: number; failed: number; storeErrors?: number }> };
  lines: string[];
}

/** Starts `n` worker processes, releases them together, and resolves with what each reported. */
export async function runFleet(
  n: number,
  args: { redisUrl: string; slackUrl: string; otherUrl: string; prefix: string; captures: number; timeoutMs?: number; rotation?: unknown },
): Promise<WorkerResult[]> {
  const children: ChildProcess[] = [];
  const outputs = Array.from({ length: n }, () => '');
  const ready: Promise<void>[] = [];
  const done: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const child = spawn(process.execPath, [WORKER, args.redisUrl, args.slackUrl, args.otherUrl, args.prefix, String(args.captures), String(args.timeoutMs ?? 250)], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, ROTATION: args.rotation ? JSON.stringify(args.rotation) : '' },
    });
    children.push(child);
    ready.push(new Promise((resolve) => child.stdout!.on('data', (d: Buffer) => {
      outputs[i] += d.toString();
      if (outputs[i].startsWith('ready\n')) resolve();
    })));
    done.push(new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker ${i} exited with ${code}`))))));
  }
  try {
    await Promise.all(ready);
    for (const child of children) child.stdin!.end('go\n');
    await Promise.all(done);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  }
  return outputs.map((o) => JSON.parse(o.slice('ready\n'.length)) as WorkerResult);
}
