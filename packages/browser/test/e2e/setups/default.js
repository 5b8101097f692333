// The default setup as an app bundles it (tree-shaken): only what it imports reaches the page.
import { httpTransport, init } from '@bugmastery/browser';

window.Bugmastery = { init, httpTransport };
