import { flag, readOptions } from '@bugmastery/core/internal';
import { DEV } from '@bugmastery/core/internal';

/** The browser's switches, read with core's schema: a bad value falls back and is told in the client's one warning. */
const BROWSER_SWITCHES = {
  captureUncaught: flag(true),
  /** A boolean here (Node takes a mode): 'none' or 'off' is refused and reported, not read as "on". */
  captureUnhandledRejections: flag(true),
};

/**
 * Options the browser reads itself without a rule here (they are checked where they are used), and
 * `breadcrumbs`, an option of earlier versions: silently doing nothing with it would look like a bug.
 */
const OTHER_BROWSER_OPTIONS = ['allowUrls', 'denyUrls', 'persist', 'integrations', 'breadcrumbs'];

export function readBrowserOptions(options: object): {
  switches: { captureUncaught: boolean; captureUnhandledRejections: boolean };
  known: { names: string[]; problems: string[] };
} {
  const { values, problems } = readOptions(options, BROWSER_SWITCHES);
  if ('breadcrumbs' in options) problems.push(`option "breadcrumbs" is gone${DEV ? ': breadcrumbs are opt-in, init({ integrations: [breadcrumbs()] })' : ''}`);
  return { switches: values, known: { names: [...Object.keys(BROWSER_SWITCHES), ...OTHER_BROWSER_OPTIONS], problems } };
}
