import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A port the kernel just handed out on loopback (closed again for the service to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Is a binary on PATH? Missing: CI must fail (the lead installs it), a dev machine may skip. */
export function hasBinary(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

export function requireBinary(name: string, debianPackage: string): boolean {
  if (hasBinary(name)) return true;
  if (process.env.CI) throw new Error(`${name} is not installed: apt-get install -y ${debianPackage}`);
  return false;
}

/** Starts a service and polls `ready` (bounded) until it answers. */
export async function startService(cmd: string, args: string[], ready: () => Promise<boolean>, label: string): Promise<ChildProcess> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString();
  });
  let exited = false;
  child.on('exit', () => (exited = true));
  for (let i = 0; i < 200; i++) {
    if (exited) throw new Error(`${label} exited early: ${stderr}`);
    if (await ready().catch(() => false)) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`${label} did not become ready: ${stderr}`);
}

export function stopService(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface InfluxSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

export interface InfluxQueryResult {
  results: Array<{ error?: string; series?: InfluxSeries[] }>;
  error?: string;
}

export interface Influxd {
  /** http://127.0.0.1:<port> */
  url: string;
  /** GET /query with epoch=ms. */
  query(q: string, db?: string): Promise<InfluxQueryResult>;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** A throwaway InfluxDB 1.x (Debian `influxdb`) on free loopback ports, data in a temp dir removed on stop. */
export async function startInfluxd(): Promise<Influxd> {
  const dir = mkdtempSync(join(tmpdir(), 'bm-influx-'));
  const [http, rpc] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${http}`;
  const config = join(dir, 'influxdb.conf');
  writeFileSync(
    config,
    [
      'reporting-disabled = true',
      `bind-address = "127.0.0.1:${rpc}"`,
      '[meta]',
      `  dir = "${dir}/meta"`,
      '[data]',
      `  dir = "${dir}/data"`,
      `  wal-dir = "${dir}/wal"`,
      '  query-log-enabled = false',
      '[http]',
      `  bind-address = "127.0.0.1:${http}"`,
      '  log-enabled = false',
      '[monitor]',
      '  store-enabled = false',
      '[continuous_queries]',
      '  enabled = false',
      '[logging]',
      '  level = "error"',
    ].join('\n'),
  );
  let child: ChildProcess | undefined;
  try {
    child = await startService('influxd', ['-config', config], async () => (await fetch(`${url}/ping`)).status === 204, 'influxd');
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url,
    async query(q, db) {
      const params = new URLSearchParams({ epoch: 'ms', q });
      if (db) params.set('db', db);
      const res = await fetch(`${url}/query?${params}`);
      return (await res.json()) as InfluxQueryResult;
    },
    async createDatabase(name) {
      const res = await fetch(`${url}/query?q=${encodeURIComponent(`CREATE DATABASE "${name}"`)}`, { method: 'POST' });
      if (res.status !== 200) throw new Error(`CREATE DATABASE ${name}: HTTP ${res.status}`);
    },
    async stop() {
      await stopService(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
