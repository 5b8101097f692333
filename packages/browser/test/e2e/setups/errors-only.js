// The errors-only setup as an app bundles it (tree-shaken): initLean, no offline queue, no breadcrumbs.
import { httpTransport, initLean } from '@bugmastery/browser';

window.Bugmastery = { initLean, httpTransport };
