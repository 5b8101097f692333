// The page under test: configured from its query string by the e2e test.
var params = new URLSearchParams(location.search);
// setup=lean: the errors-only initLean; crumbs=1 / queue=1 add the breadcrumbs / offline queue integrations.
var integrations = [];
if (params.get('crumbs')) integrations.push(Bugmastery.breadcrumbs());
if (params.get('queue')) integrations.push(Bugmastery.offlineQueue());
window.client = Bugmastery[params.get('setup') === 'lean' ? 'initLean' : 'init']({
  transports: [Bugmastery.httpTransport({ url: params.get('collector') + '/events' })],
  integrations: integrations,
  release: 'e2e',
  batch: { maxDelayMs: Number(params.get('delay') || 50) },
  delivery: { maxRetries: Number(params.get('retries') || 3), baseDelayMs: Number(params.get('backoff') || 50), maxDelayMs: 600000 },
});

if (params.get('wrap')) Bugmastery.wrapCallbacks();

// The page's own onerror must keep working next to the SDK.
window.onerrorCalls = [];
window.onerror = function (message) {
  window.onerrorCalls.push(String(message));
};

function explode() {
  throw new Error('click boom');
}
document.getElementById('explode').addEventListener('click', function onExplode() {
  explode();
});

window.throwUncaught = function () {
  setTimeout(function uncaughtTimer() {
    throw new TypeError('uncaught boom');
  });
};
window.rejectPromise = function () {
  Promise.reject(new RangeError('rejected boom'));
};
window.throwAndLeave = function () {
  setTimeout(function leaving() {
    location.href = '/other.html';
    throw new Error('leaving boom');
  });
};
window.makeRequests = function () {
  console.log('about to load', { id: 7 });
  return new Promise(function (resolve) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', '/other.html?token=secret');
    xhr.onloadend = function () {
      fetch('/missing').then(resolve, resolve);
    };
    xhr.send();
  });
};
