import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
const v = process.argv[2];
const c = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/aprof-' + v, 'app.mjs'], { cwd: new URL('.', import.meta.url).pathname, env: { ...process.env, BENCH_SDK: v } });
const url = await new Promise((res) => c.stdout.on('data', (d) => { const m = /LISTENING (\d+)/.exec(String(d)); if (m) res(`http://127.0.0.1:${m[1]}`); }));
const x = await autocannon({ url: url + '/hello', connections: 10, duration: 8 });
console.log(v, Math.round(x.requests.average));
c.kill('SIGTERM');
await new Promise((r) => c.on('exit', r));
