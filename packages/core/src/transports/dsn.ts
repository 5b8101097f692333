/** The parts of a Sentry DSN: `{protocol}://{public_key}@{host}{/path?}/{project_id}`. */
export interface Dsn {
  protocol: 'http' | 'https';
  publicKey: string;
  /** Host with its port when one is given. */
  host: string;
  /** Path prefix before the project id, '' or '/something' (self-hosted Sentry behind a path). */
  path: string;
  projectId: string;
  /** The DSN again, without the deprecated secret key (it goes into envelope headers). */
  toString(): string;
}

function invalid(problem: string, dsn: string): TypeError {
  return new TypeError(`[bugmastery] sentryTransport: invalid DSN "${dsn}": ${problem} (expected https://<public_key>@<host>/<project_id>)`);
}

/** Parses a DSN, or throws naming what is wrong with it, so a typo fails at init rather than at the first error. */
export function parseDsn(value: unknown): Dsn {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError('[bugmastery] sentryTransport: option "dsn" is required and must be a string (https://<public_key>@<host>/<project_id>)');
  }
  const dsn = value.trim();
  let url: URL;
  try {
    url = new URL(dsn);
  } catch {
    throw invalid('it is not a URL', dsn);
  }
  const protocol = url.protocol.slice(0, -1);
  if (protocol !== 'http' && protocol !== 'https') throw invalid(`the protocol must be http or https, not "${protocol}"`, dsn);
  if (!url.username) throw invalid('the public key (before the @) is missing', dsn);
  if (!url.hostname) throw invalid('the host is missing', dsn);
  if (url.search || url.hash) throw invalid('it must not have a query string or a fragment', dsn);
  const segments = url.pathname.split('/');
  const projectId = segments.pop() ?? '';
  if (!projectId) throw invalid('the project id (last path segment) is missing', dsn);
  if (!/^\d+$/.test(projectId)) throw invalid(`the project id must be numeric, got "${projectId}"`, dsn);
  const path = segments.join('/').replace(/\/+$/, '');
  const publicKey = decodeURIComponent(url.username);
  const host = url.host;
  const text = `${protocol}://${url.username}@${host}${path}/${projectId}`;
  return { protocol, publicKey, host, path, projectId, toString: () => text };
}

/** Where envelopes for this DSN go. */
export function envelopeUrl(dsn: Dsn): string {
  return `${dsn.protocol}://${dsn.host}${dsn.path}/api/${dsn.projectId}/envelope/`;
}
