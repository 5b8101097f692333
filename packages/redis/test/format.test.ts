import { describe, expect, it } from 'vitest';
import type { Bug } from '../src';
import { bugTable, frameCell } from '../src/cli/format';

const bug = (frame: string): Bug => ({
  fingerprint: '592db05d3fadeeee', title: 'TypeError: Cannot read properties of undefined (reading \'price\')', status: 'open',
  count: 12, lastDay: 12, assignee: null, firstSeen: '2026-12-04T00:24:09.234Z', lastSeen: '2026-12-04T00:24:13.793Z',
  environment: 'production', release: null, frame, snoozedUntil: null,
});

describe('the inbox table', () => {
  it('a long top frame keeps its function, file name and line, not the folder every frame shares', () => {
    const frame = 'cartTotal (file:///srv/deploys/2026-12-04T00-00/shop/src/checkout/cart.js:60:9)';
    const table = bugTable([bug(frame)], false);
    const row = table.split('\n')[1];
    expect(row.length).toBeLessThanOrEqual(120);
    expect(row).toMatch(/cartTotal \(….*cart\.js:60:9\)$/);
  });

  it('a frame that fits, or one without a location, is left as it is', () => {
    expect(frameCell('cartTotal (src/cart.js:60:9)', 40)).toBe('cartTotal (src/cart.js:60:9)');
    expect(frameCell('(no stack)', 5)).toBe('(no stack)');
  });
});
