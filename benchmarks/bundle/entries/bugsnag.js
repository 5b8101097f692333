// Minimal app: start (default delivery) + one notify.
import Bugsnag from '@bugsnag/browser';

Bugsnag.start({ apiKey: '0123456789abcdef0123456789abcdef' });
Bugsnag.notify(new Error('bundle size probe'));
