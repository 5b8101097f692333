/**
 * Development-only diagnostics, as Vue, Redux and Preact do (and Sentry with `__SENTRY_DEBUG__`): the
 * explanatory texts of warnings and the "did you mean" suggestions sit behind `DEV`, so a browser
 * production bundle drops them. Every check and its effect stays, with a short warning naming the
 * option, the transport or the reason.
 *
 * Here (the sources: tests, a bundler reading src) `DEV` is `true`. The builds write an expression in
 * its place at every use (packages/core/dev-flag.mjs, imported as `import { DEV } from '…';`):
 * - the default build (Node, every resolver without the `browser` export condition): `true`, whatever
 *   NODE_ENV says;
 * - the `browser` build: `process.env.NODE_ENV !== "production"` as written, which the app's bundler
 *   (esbuild, webpack, Vite, Rollup with replace) replaces and folds, dropping the dev-only branches
 *   and the helpers only they use;
 * - the script tag (`bugmastery.min.js`): `false`, a production build.
 * A constant imported from this module would not do: in a bundled chunk it is a `var`, which esbuild
 * neither inlines nor uses to drop dead branches.
 */
export const DEV: boolean = true;
