import { describe, expect, it } from 'vitest';
import { ignoreRule, topFile } from '../src/urls';

const v8 = (file: string) => `Error: boom\n    at handler (${file}:10:5)\n    at main (https://app.example/main.js:1:2)`;

describe('topFile', () => {
  it('reads the innermost frame of V8 and Firefox/Safari stacks', () => {
    expect(topFile(v8('https://app.example/app.js'))).toBe('https://app.example/app.js');
    expect(topFile('handler@https://app.example/app.js:10:5\nmain@https://app.example/main.js:1:2')).toBe('https://app.example/app.js');
  });
  it('ignores URLs in the message of a V8 stack', () => {
    expect(topFile('Error: failed https://api.example/x\n    at f (https://app.example/app.js:1:1)')).toBe('https://app.example/app.js');
  });
});

describe('ignoreRule', () => {
  it('drops a cross-origin "Script error." without a stack only', () => {
    const rule = ignoreRule();
    expect(rule('Error', 'Script error.', undefined)).toBe(true);
    expect(rule('Error', 'Script error', undefined)).toBe(true);
    expect(rule('Error', 'Script error.', v8('https://app.example/app.js'))).toBe(false);
    expect(rule('Error', 'Something else', undefined)).toBe(false);
  });
  it('denies browser extensions by default', () => {
    const rule = ignoreRule();
    for (const scheme of ['chrome-extension', 'moz-extension', 'safari-web-extension', 'ms-browser-extension']) {
      expect(rule('Error', 'x', v8(`${scheme}://abcdef/content.js`))).toBe(true);
    }
    expect(rule('Error', 'x', v8('https://app.example/app.js'))).toBe(false);
  });
  it('applies denyUrls and allowUrls (strings and RegExps) to the innermost file', () => {
    const deny = ignoreRule(undefined, ['ads.example', /third-party/]);
    expect(deny('Error', 'x', v8('https://ads.example/a.js'))).toBe(true);
    expect(deny('Error', 'x', v8('https://cdn.example/third-party.js'))).toBe(true);
    expect(deny('Error', 'x', v8('https://app.example/app.js'))).toBe(false);
    const allow = ignoreRule([/^https:\/\/app\.example\//]);
    expect(allow('Error', 'x', v8('https://app.example/app.js'))).toBe(false);
    expect(allow('Error', 'x', v8('https://other.example/app.js'))).toBe(true);
    // A stack without any URL cannot be judged by URL: it passes.
    expect(allow('Error', 'x', 'Error: x\n    at <anonymous>')).toBe(false);
  });
});
