import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const read = (path: string) => JSON.parse(readFileSync(resolve(ROOT, path), 'utf8'));

describe('engines are honest', () => {
  const root = read('package.json');
  const lock = read('package-lock.json');

  it('every published package (and its lock entry) claims what the root claims: Node ≥ 20 (18 is past end of life)', () => {
    expect(root.engines.node).toBe('>=20');
    const published = (root.workspaces as string[]).filter((dir) => !read(`${dir}/package.json`).private);
    expect(published.length).toBeGreaterThanOrEqual(3);
    for (const dir of published) {
      expect({ dir, node: read(`${dir}/package.json`).engines?.node }).toEqual({ dir, node: root.engines.node });
      expect({ dir, node: lock.packages[dir]?.engines?.node }).toEqual({ dir, node: root.engines.node });
    }
  });

  it('the tests run on a Node that satisfies the claim (CI runs Node 20)', () => {
    const min = Number(/^>=(\d+)$/.exec(root.engines.node)?.[1]);
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(min);
  });
});
