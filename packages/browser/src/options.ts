import { flag, readOptions } from '@bugmastery/core/internal';
import { DEV } from '@bugmastery/core/internal';

/** The browser's switches, read with core's schema: a bad value falls back and is told in the client's one warning. */
const BROWSER_SWITCHES = {
  captureUncaught: flag(true),
  /** A boolean here (Node takes a mode): 'none' or 'off' is refused and reported, not read as "on". */
  captureUnhandledRejections: flag(true),
};

/** Options the browser reads itself without a rule here (they are checked where they are used). */
const OTHER_BROWSER_OPTIONS = ['allowUrls', 'denyUrls', 'persist', 'integrations'];
/** Options of earlier versions: silently doing nothing with them would look like a bug. */
const GONE: Record<string, string> = {
  breadcrumbs: DEV ? 'option "breadcrumbs" is gone: breadcrumbs are opt-in, init({ integrations: [breadcrumbs()] })' : 'option "breadcrumbs" is gone',
};

export function readBrowserOptions(options: object): {
  switches: { captureUncaught: boolean; captureUnhandledRejections: boolean };
  known: { names: string[]; problems: string[] };
} {
  const { values, problems } = readOptions(options, BROWSER_SWITCHES);
  for (const name of Object.keys(GONE)) if (name in options) problems.push(GONE[name]);
  return { switches: values, known: { names: [...Object.keys(BROWSER_SWITCHES), ...OTHER_BROWSER_OPTIONS, ...Object.keys(GONE)], problems } };
}
