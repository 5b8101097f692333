import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
const [a, b] = process.argv.slice(2);
const start = (v) => new Promise((res) => { const c = spawn('taskset', ['-c', '1', process.execPath, process.env.APP ?? 'floor.tmp.mjs'], { cwd: new URL('.', import.meta.url).pathname, env: { ...process.env, V: v, BENCH_SDK: v } }); c.stdout.on('data', (d) => { const m = /LISTENING (\d+)/.exec(String(d)); if (m) res({ c, url: `http://127.0.0.1:${m[1]}` }); }); });
const A = await start(a), B = await start(b);
const run = (s, d) => autocannon({ url: s.url + '/hello', connections: 10, duration: d });
await Promise.all([run(A, 2), run(B, 2)]);
const ratios = [];
for (let i = 0; i < Number(process.env.ROUNDS ?? 6); i++) { const [x, y] = await Promise.all([run(A, 3), run(B, 3)]); ratios.push(y.requests.average / x.requests.average); console.log(Math.round(x.requests.average), Math.round(y.requests.average), (y.requests.average / x.requests.average).toFixed(3)); }
ratios.sort(); console.log('median', ratios[ratios.length >> 1].toFixed(3));
A.c.kill(); B.c.kill();
