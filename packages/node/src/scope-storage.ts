import { AsyncLocalStorage } from 'node:async_hooks';
import { processWide, type Scope } from '@bugmastery/core/internal';

/**
 * The async-local scope: one per request or job, followed across awaits, so concurrent
 * requests never mix their tags, user or request data. Shared by the platform and the glue,
 * and by both builds: Express glue `require`d from CommonJS feeds a client `init` made from ESM.
 */
export const scopeStorage = processWide('scopeStorage', () => new AsyncLocalStorage<Scope>());
