// Sentry set up the documented way for Express: `node --import ./instrument.mjs app.mjs`, so its
// OpenTelemetry instrumentation is in place before express is imported. No tracing (errors only,
// like Bugmastery); a transport that only counts.
import * as Sentry from '@sentry/node';

globalThis.__benchDelivered = 0;
Sentry.init({
  dsn: 'https://public@127.0.0.1/1',
  transport: () => ({
    send: async (envelope) => {
      for (const [header] of envelope[1]) if (header.type === 'event') globalThis.__benchDelivered++;
      return {};
    },
    flush: async () => true,
  }),
});

// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
