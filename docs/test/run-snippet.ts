import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { SourceOf } from './typecheck';

/**
 * What a deployed app would have in its environment, so snippets that read secrets from `process.env` run as
 * written. NODE_ENV is left unset, as in a fresh shell. The hosts do not matter: the preload sends every
 * non-loopback request to the test's collector. REDIS_URL is a redis-server the test starts when a block needs one.
 */
export const RUN_ENV: Record<string, string> = {
  SENTRY_DSN: 'https://public@o0.ingest.sentry.io/1',
  SLACK_WEBHOOK: 'https://hooks.slack.com/services/T000/B000/XXXX',
  SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX',
  PD_ROUTING_KEY: 'R0UTINGKEY0000000000000000000000',
  PAGERDUTY_ROUTING_KEY: 'R0UTINGKEY0000000000000000000000',
  BUGSNAG_API_KEY: '0123456789abcdef0123456789abcdef',
  COLLECTOR_TOKEN: 'collector-token',
  ERRORS_TOKEN: 'errors-token',
  BUGMASTERY_URL: 'https://errors.example.com/ingest',
  STAGING_COLLECTOR_URL: 'https://collector.staging.example.com/events',
  RELEASE: 'shop@1.4.2',
};

const PRELOAD = fileURLToPath(new URL('./snippet-preload.mjs', import.meta.url));
const MAIN = fileURLToPath(new URL('./snippet-main.mjs', import.meta.url));
const TIMEOUT_MS = 30_000;

export interface RunResult {
  code: number | null;
  output: string;
  timedOut: boolean;
}

/** Runs one block (prelude included) as an ES module in a fresh Node process; resolves when the process exits. */
export function runSnippet(source: SourceOf, collectorOrigin: string, moreEnv: Record<string, string> = {}): Promise<RunResult> {
  // Next to the repository's node_modules, so imports resolve as in a user's app.
  const dir = join(source.path, '..');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, basename(source.path).replace(/\.[jt]s$/, '.mjs'));
  const { outputText } = ts.transpileModule(source.text, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: source.path,
  });
  writeFileSync(file, outputText);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...RUN_ENV, ...moreEnv, BUGMASTERY_SNIPPET_COLLECTOR: collectorOrigin };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', PRELOAD, MAIN, file], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}
