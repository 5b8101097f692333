import type { Bug } from '@bugmastery/core';

const WIDTH = 120;

/** Cuts to `width` with an ellipsis, then pads: table cells never spill into the next column. */
function cell(text: string, width: number, right = false): string {
  const flat = text.replace(/\s+/g, ' ');
  const cut = flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
  return right ? cut.padStart(width) : cut.padEnd(width);
}

/**
 * A frame too long for its column keeps its function and the END of its location, where the file name and
 * line are (`cartTotal (…/checkout/cart.js:60:9)`), not the folder every frame of the app shares.
 */
export function frameCell(frame: string, width: number): string {
  const flat = frame.replace(/\s+/g, ' ');
  const parts = /^(.*) \((.+)\)$/.exec(flat);
  if (flat.length <= width || !parts) return flat;
  const location = parts[2].replace(/^file:\/\//, '');
  const room = width - parts[1].length - 4; // " (…" and ")"
  if (room < 8) return flat;
  return `${parts[1]} (…${location.slice(-room)})`;
}

/** 2026-12-03 23:59 (UTC): short enough for the table, sortable, no locale surprises. */
const shortTime = (iso: string): string => iso.slice(0, 16).replace('T', ' ');

/** The inbox as a table of at most 120 columns: fingerprint, count, last 24 h, last seen, (status,) title, top frame. */
export function bugTable(bugs: Bug[], withStatus: boolean): string {
  const fixed: Array<[string, number, (b: Bug) => string, boolean?]> = [
    ['FINGERPRINT', 16, (b) => b.fingerprint],
    ['COUNT', 7, (b) => String(b.count), true],
    ['24H', 6, (b) => String(b.lastDay), true],
    ['LAST SEEN (UTC)', 16, (b) => shortTime(b.lastSeen)],
  ];
  if (withStatus) fixed.push(['STATUS', 12, (b) => (b.status === 'assigned' && b.assignee ? `@${b.assignee}` : b.status)]);
  const used = fixed.reduce((sum, [, w]) => sum + w + 2, 0);
  const frameWidth = Math.floor((WIDTH - used - 2) * 0.45);
  const titleWidth = WIDTH - used - 2 - frameWidth;
  const columns: Array<[string, number, (b: Bug) => string, boolean?]> = [
    ...fixed,
    ['TITLE', titleWidth, (b) => b.title],
    ['TOP FRAME', frameWidth, (b) => frameCell(b.frame ?? '', frameWidth)],
  ];
  const line = (values: (c: (typeof columns)[number]) => string): string =>
    columns.map((c) => cell(values(c), c[1], c[3])).join('  ').trimEnd();
  return [line((c) => c[0]), ...bugs.map((b) => line((c) => c[2](b)))].join('\n');
}

/** Everything known about one bug, one fact a line. */
export function bugDetails(bug: Bug): string {
  const snooze = bug.snoozedUntil
    ? bug.snoozedUntil.count !== undefined
      ? `until the count reaches ${bug.snoozedUntil.count}`
      : `until ${bug.snoozedUntil.time}`
    : undefined;
  const rows: Array<[string, string | null | undefined]> = [
    ['fingerprint', bug.fingerprint],
    ['title', bug.title],
    ['status', bug.status + (snooze ? ` (${snooze})` : '')],
    ['assignee', bug.assignee],
    ['count', String(bug.count)],
    ['last 24 h', String(bug.lastDay)],
    ['first seen', bug.firstSeen],
    ['last seen', bug.lastSeen],
    ['environment', bug.environment],
    ['release', bug.release],
    ['top frame', bug.frame],
  ];
  return rows
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k.padEnd(12)} ${v}`)
    .join('\n');
}
