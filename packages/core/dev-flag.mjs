// Build-time only (tsup configs of core and browser, benchmarks/bundle/metafile.mjs); not published.
import { readFile } from 'node:fs/promises';
import { sep } from 'node:path';

/** A module's `import { DEV } from '…';`, a statement of its own (see packages/core/src/dev.ts). */
const IMPORT = /^import \{ DEV \} from '[^']+';$/m;
/** `DEV` as an identifier (not part of a longer name, a property or a string). */
const USE = /(?<![\w$.'"`])DEV(?![\w$'"`])/g;
const SOURCES = /[\\/]packages[\\/](?:core|browser)[\\/]src[\\/].*\.ts$/;
const DEV_MODULE = `${sep}packages${sep}core${sep}src${sep}dev.ts`;

/**
 * esbuild plugin: core's and browser's sources built with `DEV` written as `expression` at every use,
 * so the bundler that sees the value (here, or the app's for `process.env.NODE_ENV`) drops the dead
 * branches and the helpers only they use. Lines are kept, so source maps stay right.
 * @param {string} expression `true`, `false` or `process.env.NODE_ENV !== "production"`
 * @returns {import('esbuild').Plugin}
 */
export function devFlag(expression) {
  return {
    name: 'bugmastery-dev-flag',
    setup(build) {
      build.onLoad({ filter: SOURCES }, async ({ path }) => {
        const text = await readFile(path, 'utf8');
        if (path.endsWith(DEV_MODULE)) {
          if (!/= true;\s*$/.test(text)) throw new Error(`${path}: expected to end with \`export const DEV: boolean = true;\``);
          // The module's own value is read by nothing the builds emit (every use is inlined): it must only
          // never throw at load where no bundler defined `process` (and stay droppable where one did).
          const value = /^(?:true|false)$/.test(expression) ? expression : `/* @__PURE__ */ (() => { try { return ${expression}; } catch { return true; } })()`;
          return { contents: text.replace(/= true;\s*$/, `= ${value};\n`), loader: 'ts' };
        }
        if (!IMPORT.test(text)) {
          // Imported any other way, DEV would be a variable the app's bundler cannot fold: the texts would stay.
          if (/import\s*\{[^}]*\bDEV\b[^}]*\}/.test(text)) throw new Error(`${path}: import DEV on a line of its own: import { DEV } from '…';`);
          return undefined;
        }
        return { contents: text.replace(IMPORT, '').replace(USE, `(${expression})`), loader: 'ts' };
      });
    },
  };
}
