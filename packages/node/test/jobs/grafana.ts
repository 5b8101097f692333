/**
 * What Grafana does with a dashboard's InfluxQL before sending it, reduced to what our dashboard
 * uses: template variables (with the InfluxDB datasource's regex escaping of multi-value
 * variables), `$timeFilter`, `$__interval`, query variables with their regex, and math expressions.
 */

export interface Variable {
  name: string;
  type: string;
  query?: string;
  regex?: string;
  multi?: boolean;
  includeAll?: boolean;
  sort?: number;
  current?: { value?: unknown };
}

export interface Target {
  refId: string;
  datasource?: { type?: string; uid?: string };
  query?: string;
  rawQuery?: boolean;
  hide?: boolean;
  alias?: string;
  type?: string;
  expression?: string;
}

export interface Panel {
  id: number;
  type: string;
  title: string;
  repeat?: string;
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  gridPos: { h: number; w: number; x: number; y: number };
}

export interface Dashboard {
  schemaVersion: number;
  panels: Panel[];
  templating: { list: Variable[] };
  annotations: { list: Array<{ name: string; builtIn?: number; datasource?: { type?: string; uid?: string }; target?: { query?: string }; query?: string }> };
}

/** @grafana/data escapeRegex: what the InfluxDB datasource applies to values of multi / include-all variables. */
export function escapeRegex(value: string): string {
  return value.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');
}

/** Grafana's rangeutil.roundInterval: a raw interval (ms) snapped to a "nice" one. */
export function roundInterval(ms: number): number {
  const table: Array<[number, number]> = [
    [15, 10], [35, 20], [75, 50], [150, 100], [350, 200], [750, 500], [1500, 1000], [3500, 2000], [7500, 5000],
    [12500, 10000], [17500, 15000], [25000, 20000], [45000, 30000], [90000, 60000], [210000, 120000], [450000, 300000],
    [750000, 600000], [1050000, 900000], [1500000, 1200000], [2700000, 1800000], [5400000, 3600000], [9000000, 7200000],
    [16200000, 10800000], [32400000, 21600000], [86400000, 43200000], [604800000, 86400000], [1814400000, 604800000],
    [3628800000, 2592000000],
  ];
  for (const [below, value] of table) if (ms < below) return value;
  return 31536000000;
}

/** Grafana's interval text: the largest whole unit (`10s`, `1m`, `500ms`). */
export function formatInterval(ms: number): string {
  const units: Array<[string, number]> = [['y', 31536000000], ['w', 604800000], ['d', 86400000], ['h', 3600000], ['m', 60000], ['s', 1000]];
  for (const [unit, size] of units) if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

/** $__interval for a panel: range / resolution, rounded, never under the datasource's timeInterval. */
export function intervalFor(fromMs: number, toMs: number, resolution: number, minIntervalMs: number): number {
  return Math.max(roundInterval((toMs - fromMs) / resolution), minIntervalMs);
}

export interface Scope {
  /** Variable name → its value in this panel (a repeated row's value, a textbox's text). */
  values: Record<string, string>;
  variables: Variable[];
  fromMs: number;
  toMs: number;
  intervalMs: number;
}

/** Replaces `$timeFilter`, `$__interval`, `${v:raw}`, `${v}`, `$v` and `[[v]]` as the InfluxDB datasource does. */
export function interpolate(text: string, scope: Scope): string {
  const builtins: Record<string, string> = {
    timeFilter: `time >= ${scope.fromMs}ms and time <= ${scope.toMs}ms`,
    __interval: formatInterval(scope.intervalMs),
    __interval_ms: String(scope.intervalMs),
  };
  const value = (name: string, format: string | undefined): string => {
    if (name in builtins) return builtins[name];
    if (!(name in scope.values)) throw new Error(`unknown template variable $${name} in: ${text}`);
    const v = scope.values[name];
    if (format === 'raw') return v;
    if (format === 'regex') return escapeRegex(v);
    if (format !== undefined) throw new Error(`format :${format} not emulated`);
    const variable = scope.variables.find((x) => x.name === name);
    return variable && (variable.multi || variable.includeAll) ? escapeRegex(v) : v;
  };
  return text.replace(/\$\{(\w+)(?::(\w+))?\}|\[\[(\w+)(?::(\w+))?\]\]|\$(\w+)/g, (_m, a, af, b, bf, c) => value(a ?? b ?? c, af ?? bf));
}

/** A query variable's options: the first column of its query's answer, through its regex (capture 1 wins), deduped, sorted. */
export function variableOptions(variable: Variable, rows: string[], scope: Scope): string[] {
  let pattern: RegExp | undefined;
  if (variable.regex) {
    const source = interpolate(variable.regex, scope);
    const m = /^\/(.*)\/([gimsuy]*)$/s.exec(source);
    if (!m) throw new Error(`variable ${variable.name}: regex must be /…/: ${source}`);
    pattern = new RegExp(m[1], m[2]);
  }
  const out = new Set<string>();
  for (const row of rows) {
    if (!pattern) {
      out.add(row);
      continue;
    }
    pattern.lastIndex = 0;
    const match = pattern.exec(row);
    if (!match) continue;
    out.add(match.groups?.value ?? match.groups?.text ?? match[1] ?? match[0]);
  }
  const list = [...out];
  if (variable.sort === 1 || variable.sort === 5) list.sort();
  if (variable.sort === 2 || variable.sort === 6) list.sort().reverse();
  return list;
}

/** `$A / ($A + $B)` on series joined by timestamp, as a server-side math expression does. */
export function evaluateMath(expression: string, series: Record<string, Map<number, number | null>>): Map<number, number> {
  const refs = [...new Set([...expression.matchAll(/\$(\w+)/g)].map((m) => m[1]))];
  for (const ref of refs) if (!series[ref]) throw new Error(`expression ${expression} reads $${ref}, which has no series`);
  const body = expression.replace(/\$(\w+)/g, (_m, ref: string) => `v[${JSON.stringify(ref)}]`);
  if (!/^[\sv[\]"\w+\-*/().]*$/.test(body)) throw new Error(`expression not emulated: ${expression}`);
  const fn = new Function('v', `return (${body});`) as (v: Record<string, number>) => number;
  const out = new Map<number, number>();
  for (const time of series[refs[0]].keys()) {
    const v: Record<string, number> = {};
    let complete = true;
    for (const ref of refs) {
      const x = series[ref].get(time);
      if (typeof x !== 'number') complete = false;
      else v[ref] = x;
    }
    if (complete) out.set(time, fn(v));
  }
  return out;
}
