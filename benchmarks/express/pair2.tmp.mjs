import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
const variants = process.argv.slice(2);
const servers = {};
for (const v of variants) servers[v] = await new Promise((res) => { const c = spawn('taskset', ['-c', '1', process.execPath, 'app.mjs'], { cwd: new URL('.', import.meta.url).pathname, env: { ...process.env, BENCH_SDK: v.replace(/\+.*/, '') } }); c.stdout.on('data', (d) => { const m = /LISTENING (\d+)/.exec(String(d)); if (m) res({ c, url: `http://127.0.0.1:${m[1]}` }); }); c.stderr.on('data', d => process.stderr.write(d)); });
const cpu = (u) => fetch(u + '/__cpu').then((x) => x.json()).then((x) => x.cpuUs);
const rps = Object.fromEntries(variants.map((v) => [v, []])), cpr = Object.fromEntries(variants.map((v) => [v, []]));
for (const v of variants) await autocannon({ url: servers[v].url + '/hello', connections: 10, duration: 2 });
const R = Number(process.env.ROUNDS ?? 10);
for (let i = 0; i < R; i++) { const round = {}; const order = [...variants.slice(i % variants.length), ...variants.slice(0, i % variants.length)];
  for (const v of order) { if (v.includes('+throw')) await autocannon({ url: servers[v].url + '/throw', connections: 10, duration: 2 }); const b = await cpu(servers[v].url); const x = await autocannon({ url: servers[v].url + '/hello', connections: 10, duration: 2 }); const c = (await cpu(servers[v].url) - b) / x.requests.total; round[v] = [x.requests.average, c]; }
  for (const v of variants) { rps[v].push(round[v][0] / round[variants[0]][0]); cpr[v].push(round[v][1] / round[variants[0]][1]); } }
const med = (a) => { const s = [...a].sort((x, y) => x - y); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
for (const v of variants) { console.log(v.padEnd(10), 'req/s vs first', (med(rps[v]) * 100).toFixed(1) + '%', ' cpu/req vs first', (med(cpr[v]) * 100).toFixed(1) + '%', ' ratios', rps[v].map((x) => x.toFixed(2)).join(' ')); servers[v].c.kill(); }
