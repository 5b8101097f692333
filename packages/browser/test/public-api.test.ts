import { readFileSync } from 'node:fs';
import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { difference, distFile, documentedApi, itExportsTheDocumentedApi, leftOutOfTheBrowser, NONE } from '../../core/test/api-doc';

describe('@bugmastery/browser exports exactly the documented API (docs/api.md): core\'s and its own', () => {
  itExportsTheDocumentedApi('@bugmastery/browser');

  it('leaves out only names core has: the server-side transports and the bug store', () => {
    const core = documentedApi('@bugmastery/core');
    const left = leftOutOfTheBrowser();
    expect(left).toContain('slackTransport');
    expect(left.filter((name) => !core.values.includes(name) && !core.types.includes(name))).toEqual([]);
  });

  it('the script-tag global `Bugmastery` carries the same values and nothing else', () => {
    // A realm of its own, as a page's script tag would run it: only what the IIFE defines on it.
    const page = createContext({});
    runInContext(readFileSync(distFile('@bugmastery/browser', 'bugmastery.min.js'), 'utf8'), page);
    expect(difference(Object.keys(page.Bugmastery as object), documentedApi('@bugmastery/browser').values)).toEqual(NONE);
  });
});
