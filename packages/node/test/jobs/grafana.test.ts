import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { countEvent, influxSink, instrumentJob, monitorHeartbeat, monitorRate, type InfluxSink } from '../../src/jobs';
import { evaluateMath, interpolate, intervalFor, variableOptions, type Dashboard, type Panel, type Scope, type Target } from './grafana';
import { requireBinary, startInfluxd, type Influxd, type InfluxSeries } from './services';

const examples = (path: string) => fileURLToPath(new URL(`../../../../examples/grafana/${path}`, import.meta.url));
const dashboard = JSON.parse(readFileSync(examples('dashboards/bugmastery-jobs.json'), 'utf8')) as Dashboard;
const datasourceYaml = readFileSync(examples('provisioning/datasources/bugmastery-influxdb.yaml'), 'utf8');

const T0 = Date.UTC(2026, 0, 12, 12, 0, 0);
const MINUTES = 6;
const JOBS = ['resize-image', 'reports.daily'];
const EVENTS = ['orders.paid', 'logins.facebook'];

/**
 * Six minutes of an app's life, on an injected clock and fake timers, written through influxSink:
 * every job runs every 10 s (some fail, some are slow, one hangs past timeoutMs, and each stops for
 * a while so its heartbeat misses), two business events flow at 1 a second and collapse in minute 4.
 */
async function simulate(sink: InfluxSink, clock: { elapsed: number }): Promise<void> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  try {
    const now = () => clock.elapsed;
    const wall = () => T0 + clock.elapsed;
    const common = { sinks: [sink], slowAfterMs: 700, timeoutMs: 2000, now, captureArgs: false };
    const jobs = JOBS.map((name) => ({
      name,
      run: instrumentJob(name, (ms: number, fail: boolean) => {
        clock.elapsed += ms;
        if (fail) throw new Error(`${name} failed`);
      }, common),
      hang: instrumentJob(name, () => new Promise<void>((resolve) => setTimeout(resolve, 3000)), common),
      heartbeat: monitorHeartbeat(name, { everyMs: 30_000, sinks: [sink] }),
    }));
    const monitors = EVENTS.map((name) => monitorRate(name, { min: 20, windowMs: 60_000, dropBelow: 0.5, baselineWindows: 2, sinks: [sink], now: wall }));
    const hanging: Promise<void>[] = [];

    for (let step = 0; step < MINUTES * 6; step++) {
      const stepStart = step * 10_000;
      clock.elapsed = stepStart;
      for (const [j, job] of jobs.entries()) {
        const stopped = step >= 10 + j && step < 18 + j; // ~80 s without runs: the heartbeat misses
        if (stopped) continue;
        if (step === 5) hanging.push(job.hang());
        else
          try {
            job.run(step % 9 === 4 ? 800 : 50 + ((step * 37 + j * 11) % 200), step % 4 === 3);
          } catch {
            /* counted as failed */
          }
      }
      for (let s = 0; s < 10; s++) {
        clock.elapsed = stepStart + s * 1000;
        const minute = Math.floor(clock.elapsed / 60_000);
        if (minute !== 3) for (const name of EVENTS) countEvent(name, 1, { sinks: [sink] });
        clock.elapsed += 1000;
        // Async: the monitors' drop judgements (promises) run at their window's end, as they would live.
        await vi.advanceTimersByTimeAsync(1000);
      }
    }
    await Promise.all(hanging);
    for (const m of monitors) {
      await m.settled();
      m.stop();
    }
    for (const job of jobs) job.heartbeat.stop();
  } finally {
    vi.useRealTimers();
  }
  await sink.flush();
}

interface Frame {
  name: string;
  points: Map<number, number | null>;
}

describe.skipIf(!requireBinary('influxd', 'influxdb'))('the Grafana dashboard against what influxSink writes (real influxd)', () => {
  let server: Influxd | undefined;
  const fromMs = T0;
  const toMs = T0 + MINUTES * 60_000;
  const minIntervalMs = Number(/timeInterval:\s*(\d+)s/.exec(datasourceYaml)?.[1] ?? 0) * 1000;

  beforeAll(async () => {
    server = await startInfluxd();
    for (const [db, prefix] of [
      ['plain', undefined],
      ['prefixed', 'shop'],
    ] as const) {
      await server.createDatabase(db);
      const clock = { elapsed: 0 };
      const sink = influxSink({ url: server.url, database: db, prefix, now: () => T0 + clock.elapsed, maxBatch: 100_000, maxQueue: 100_000, flushIntervalMs: 3_600_000 });
      await simulate(sink, clock);
      expect(sink.stats()).toMatchObject({ failed: 0, dropped: 0 });
      await sink.close();
    }
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('is a Grafana 10/11 dashboard whose datasource is a variable', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    const ds = dashboard.templating.list.find((v) => v.type === 'datasource');
    expect(ds).toMatchObject({ name: 'datasource', query: 'influxdb' });
    for (const panel of dashboard.panels) {
      if (panel.type === 'row') continue;
      expect(panel.datasource).toEqual({ type: 'influxdb', uid: '${datasource}' });
      for (const t of panel.targets ?? []) expect(t.datasource?.uid === '${datasource}' || t.datasource?.type === '__expr__').toBe(true);
    }
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    expect(minIntervalMs).toBe(10_000);
  });

  for (const [db, prefix] of [
    ['plain', ''],
    ['prefixed', 'shop.'],
  ] as const) {
    it(`every panel query and annotation returns a non-empty, well-shaped series (${db}: prefix "${prefix}")`, async () => {
      const query = async (q: string): Promise<InfluxSeries[]> => {
        const body = await server!.query(q, db);
        expect(body.error, q).toBeUndefined();
        expect(body.results).toHaveLength(1);
        expect(body.results[0].error, q).toBeUndefined();
        return body.results[0].series ?? [];
      };
      const variables = dashboard.templating.list;
      const base: Scope = { values: { prefix }, variables, fromMs, toMs, intervalMs: intervalFor(fromMs, toMs, 1000, minIntervalMs) };

      // Query variables, as Grafana resolves them on load.
      const options: Record<string, string[]> = {};
      for (const v of variables.filter((x) => x.type === 'query')) {
        const series = await query(interpolate(v.query ?? '', base));
        options[v.name] = variableOptions(v, series.flatMap((s) => s.values.map((row) => String(row[0]))), base);
      }
      expect(options.job).toEqual([...JOBS].sort());
      expect(options.event).toEqual([...EVENTS].sort());

      // Panels, each repeated row expanded once per value of its variable.
      let repeat: string | undefined;
      const checked: string[] = [];
      for (const panel of dashboard.panels) {
        if (panel.type === 'row') {
          repeat = panel.repeat;
          continue;
        }
        for (const value of repeat ? options[repeat] : [undefined]) {
          const scope: Scope = { ...base, values: repeat && value ? { ...base.values, [repeat]: value } : base.values };
          const frames = await runPanel(panel, scope, query);
          const label = `${panel.title} [${value ?? ''}]`;
          expect(frames.length, `${label}: no series`).toBeGreaterThan(0);
          checked.push(label);
        }
      }
      expect(checked).toHaveLength(4 * JOBS.length + 2 * EVENTS.length);

      for (const annotation of dashboard.annotations.list.filter((a) => !a.builtIn)) {
        const series = await query(interpolate(annotation.target?.query ?? annotation.query ?? '', base));
        expect(series.length, annotation.name).toBeGreaterThan(0);
        for (const s of series) expectShape(s, fromMs, toMs);
      }
    });
  }
});

/** Runs a panel's targets like Grafana: InfluxQL first, then math expressions over them; returns the visible frames with data. */
async function runPanel(panel: Panel, scope: Scope, query: (q: string) => Promise<InfluxSeries[]>): Promise<Frame[]> {
  const byRef: Record<string, Frame[]> = {};
  const targets = panel.targets ?? [];
  expect(targets.length, panel.title).toBeGreaterThan(0);
  for (const target of targets.filter((t) => t.datasource?.type !== '__expr__')) {
    expect(target.rawQuery, `${panel.title} ${target.refId}`).toBe(true);
    const q = interpolate(target.query ?? '', scope);
    expect(q, 'every query is bounded by the dashboard time range').toContain(`time >= ${scope.fromMs}ms`);
    const series = await query(q);
    for (const s of series) expectShape(s, scope.fromMs, scope.toMs);
    byRef[target.refId] = series.flatMap(toFrames).filter((f) => [...f.points.values()].some((v) => typeof v === 'number'));
    // Queries on the field influxSink writes must find it; the others (Telegraf's timing summaries) may be empty here.
    if (/"value"/.test(target.query ?? '')) expect(byRef[target.refId].length, `${panel.title} [${scope.values.job ?? scope.values.event}] ${target.refId}: ${q}`).toBeGreaterThan(0);
  }
  for (const target of targets.filter((t) => t.datasource?.type === '__expr__')) {
    expect(target.type).toBe('math');
    const inputs: Record<string, Map<number, number | null>> = {};
    for (const [ref, frames] of Object.entries(byRef)) if (frames[0]) inputs[ref] = frames[0].points;
    const result = evaluateMath(target.expression ?? '', inputs);
    const finite = [...result.values()].filter(Number.isFinite);
    expect(finite.length, `${panel.title} ${target.expression}`).toBeGreaterThan(0);
    byRef[target.refId] = [{ name: target.refId, points: result }];
  }
  return targets.filter((t: Target) => !t.hide).flatMap((t) => byRef[t.refId] ?? []);
}

/** One Grafana frame per value column of an InfluxQL series. */
function toFrames(series: InfluxSeries): Frame[] {
  return series.columns.slice(1).map((column, i) => ({
    name: `${series.name}.${column}`,
    points: new Map(series.values.map((row) => [row[0] as number, (row[i + 1] as number | null) ?? null])),
  }));
}

/** time first, numeric timestamps inside the range (GROUP BY time buckets may start just before it), numbers or nulls. */
function expectShape(series: InfluxSeries, fromMs: number, toMs: number): void {
  expect(series.columns[0]).toBe('time');
  expect(series.values.length).toBeGreaterThan(0);
  for (const row of series.values) {
    expect(typeof row[0]).toBe('number');
    expect(row[0] as number).toBeGreaterThanOrEqual(fromMs - 24 * 3_600_000);
    expect(row[0] as number).toBeLessThanOrEqual(toMs);
    for (const v of row.slice(1)) expect(v === null || typeof v === 'number').toBe(true);
  }
}
