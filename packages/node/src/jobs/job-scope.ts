import type { Client } from '@bugmastery/core';
import type { JobRunInfo } from './types';

/** Errors the job's own code captures carry the job's tag and context (isolated per run where the runtime has async scopes). */
export function runInScope<T>(client: Client | undefined, name: string, info: JobRunInfo | undefined, body: () => T): T {
  if (!client || typeof client.withScope !== 'function') return body();
  return client.withScope((scope) => {
    try {
      scope.setTag('job', name);
      scope.setContext('job', { name, id: info?.id, attempt: info?.attempt });
    } catch {
      /* scope decoration is optional */
    }
    return body();
  });
}
