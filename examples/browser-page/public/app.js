// Bugmastery.init returns the client; window error / unhandledrejection listeners, page context,
// keepalive/beacon delivery and the localStorage queue are on from here; breadcrumbs are opt-in.
var client = Bugmastery.init({
  release: 'shop@1.4.2',
  environment: 'development',
  transports: [Bugmastery.httpTransport({ url: '/collect' })],
  integrations: [Bugmastery.breadcrumbs()],
  // Errors raised by browser extensions are dropped already; drop a noisy third party too.
  denyUrls: [/widgets\.example\.com/],
});
client.setUser({ id: 'u-42' });
client.setTag('page', 'example');

// Optional: also wrap timers and listeners, so errors in cross-origin scripts keep their stack.
Bugmastery.wrapCallbacks({ timers: true, eventTarget: true });

function on(id, fn) {
  document.getElementById(id).addEventListener('click', fn);
}
on('uncaught', function checkout() {
  console.log('starting checkout', { cart: 3 });
  JSON.parse('{ not json');
});
on('rejection', function () {
  fetch('/api/prices?token=not-sent-in-clear').then(function (res) {
    return Promise.reject(new Error('prices failed with ' + res.status));
  });
});
on('handled', function () {
  try {
    undefinedFunction();
  } catch (err) {
    client.captureException(err, { tags: { feature: 'coupon' } });
  }
});
on('leave', function () {
  setTimeout(function () {
    location.href = '/?left=1';
    throw new Error('thrown while leaving');
  });
});
on('route', function () {
  history.pushState(null, '', '/products/' + Math.floor(Math.random() * 100));
});
