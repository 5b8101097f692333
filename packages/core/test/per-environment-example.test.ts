import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const EXAMPLE = resolve(__dirname, '../../../examples/per-environment/run.mjs');

/** stdout and stderr through one pipe, as a terminal shows them (the console transport writes to stderr). */
function runInterleaved(file: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn('sh', ['-c', `exec "${process.execPath}" "${file}" 2>&1`], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

describe('examples/per-environment (built packages)', () => {
  it("prints each environment's lines under its own heading", async () => {
    const { code, output } = await runInterleaved(EXAMPLE);
    expect(code).toBe(0);
    const sections = Object.fromEntries(
      output.split(/^== /m).slice(1).map((part) => [part.slice(0, part.indexOf('\n')).trim(), part]),
    );
    expect(Object.keys(sections)).toEqual(['production', 'staging', 'development']);
    expect(sections.production).toContain('Sentry: 3 request(s)');
    expect(sections.staging).toContain('HTTP collector: 1 request(s)');
    expect(sections.staging).not.toContain('[bugmastery] ERROR');
    expect(sections.development).toContain('[bugmastery] ERROR');
    expect(sections.development).toContain('invalid coupon');
  }, 30_000);
});
