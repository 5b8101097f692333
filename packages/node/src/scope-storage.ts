import { AsyncLocalStorage } from 'node:async_hooks';
import type { Scope } from '@bugmastery/core';

/**
 * The async-local scope: one per request or job, followed across awaits, so concurrent
 * requests never mix their tags, user or request data. Shared by the platform and the glue.
 */
export const scopeStorage = new AsyncLocalStorage<Scope>();
