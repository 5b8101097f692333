import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
const variants = process.argv.slice(2);
const servers = {};
for (const v of variants) servers[v] = await new Promise((res) => { const c = spawn('taskset', ['-c', '1', process.execPath, 'app.mjs'], { cwd: new URL('.', import.meta.url).pathname, env: { ...process.env, BENCH_SDK: v.replace(/\+.*/, '') } }); c.stdout.on('data', (d) => { const m = /LISTENING (\d+)/.exec(String(d)); if (m) res({ c, url: `http://127.0.0.1:${m[1]}` }); }); c.stderr.on('data', d => process.stderr.write(d)); });
const r = Object.fromEntries(variants.map((v) => [v, []]));
for (const v of variants) await autocannon({ url: servers[v].url + '/hello', connections: 10, duration: 2 });
for (let i = 0; i < 6; i++) for (const v of [...variants.slice(i % variants.length), ...variants.slice(0, i % variants.length)]) { if (v.includes('+throw')) await autocannon({ url: servers[v].url + '/throw', connections: 10, duration: 2 }); const x = await autocannon({ url: servers[v].url + '/hello', connections: 10, duration: 2 }); r[v].push(x.requests.average); }
for (const v of variants) { const s = r[v].sort((a, b) => a - b); console.log(v.padEnd(10), s.map(Math.round).join(' '), 'median', Math.round(s[2]), ((s[2] / r[variants[0]].sort((a,b)=>a-b)[2]) * 100).toFixed(1) + '%'); servers[v].c.kill(); }
