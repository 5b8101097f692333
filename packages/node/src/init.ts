import { createClient, getCurrentClient, setCurrentClient, type Client, type Logger } from '@bugmastery/core';
import type { Platform } from '@bugmastery/core/internal';
import { AppRoots } from './app-roots';
import { addRuntimeContext, staticContext } from './context';
import { ContextLines, withContext } from './context-lines';
import type { NodeOptions } from './options';
import { DiskQueue, type DiskQueueStats } from './persist';
import { installProcessHandlers, nodeRejectionFlag, nodeRejectionMode } from './process';
import { scopeStorage } from './scope-storage';
import { setDefaultSourceMapper, SourceMapper } from './sourcemaps';
import { NODE_SDK_NAME, NODE_SDK_VERSION } from './version';

/** The core client, plus what the Node runtime adds. */
export interface NodeClient extends Client {
  /** Disk queue counters, when `persist` is on. */
  diskQueue(): DiskQueueStats | undefined;
}

const DEFAULT_SHUTDOWN_MS = 2000;

let active: { client: NodeClient; uninstall(): void } | undefined;

function consoleLogger(): Logger {
  return { warn: (m) => console.warn(m), error: (m) => console.error(m) };
}

/**
 * `init(options)`: the core client with the Node platform (source maps, context, async-local
 * scope, disk queue), made current for the framework glue, with process handlers installed.
 * A second `init` replaces the first (its handlers are removed).
 */
export function init(options: NodeOptions = {}): NodeClient {
  const logger = options.logger ?? consoleLogger();
  if (active) {
    logger.warn('[bugmastery] init() was called again; the previous client is flushed, closed and replaced');
    // Its handlers go now (the new client's replace them); what it captured is still delivered (or kept on disk).
    active.uninstall();
    void active.client.close(options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_MS).catch(() => undefined);
    active = undefined;
  }
  const roots = new AppRoots([...(options.appRoots ?? []), ...(options.sourceMapDir ? [options.sourceMapDir] : [])]);
  const mapper =
    options.sourceMaps === false
      ? undefined
      : new SourceMapper({ roots, sourceMapDir: options.sourceMapDir, inAppInclude: options.inAppInclude, inAppExclude: options.inAppExclude });
  setDefaultSourceMapper(mapper);
  const lines = new ContextLines(options.contextLines ?? 5, roots, mapper ? (file) => mapper.sourceContent(file) : undefined);
  const disk = options.persist?.dir ? new DiskQueue(options.persist.dir, options.persist.maxBytes, logger) : undefined;
  const fixed = staticContext(options.serverName);

  const platform: Platform = {
    name: 'node',
    sdk: { name: NODE_SDK_NAME, version: NODE_SDK_VERSION },
    mapFrames: withContext(lines, mapper && ((frames) => mapper.mapFrames(frames))),
    enrich(event) {
      addRuntimeContext(event, fixed, { release: event.release, environment: event.environment });
      // Usually a no-op (the cached frames carry context); a promise while a source file is still being read.
      const loading = event.exceptions.map((ex) => lines.addTo(ex.frames)).filter((p) => p !== undefined);
      if (loading.length > 0) return Promise.all(loading).then(() => undefined, () => undefined);
      return undefined;
    },
    currentScope: () => scopeStorage.getStore(),
    runWithScope: (scope, fn) => scopeStorage.run(scope, fn),
    persist: disk ? (transport, events) => disk.write(transport, events) : undefined,
  };

  const base = createClient({ ...options, logger, platform });
  const closeBase = base.close.bind(base);
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_MS;

  /**
   * On the way out: deliver within the budget; what is still waiting then is kept on disk
   * (closing the deliverers makes them hand it to the disk queue instead of retrying).
   */
  const drain = async (timeoutMs: number): Promise<boolean> => {
    if (!disk) return base.flush(timeoutMs);
    const started = Date.now();
    if (await base.flush(Math.floor(timeoutMs * 0.75))) return true;
    await closeBase(0);
    return base.flush(Math.max(100, timeoutMs - (Date.now() - started)));
  };

  let uninstall = (): void => undefined;
  const client: NodeClient = Object.assign(base, {
    diskQueue: () => (disk ? { ...disk.stats } : undefined),
    async close(timeoutMs?: number): Promise<boolean> {
      try {
        return await closeBase(timeoutMs);
      } finally {
        uninstall();
        if (getCurrentClient() === client) setCurrentClient(undefined);
        if (active?.client === client) active = undefined;
      }
    },
  });

  setCurrentClient(client);
  uninstall = installProcessHandlers({
    client,
    logger,
    captureUncaught: options.captureUncaught !== false,
    rejections: options.captureUnhandledRejections ?? nodeRejectionMode(),
    rejectionExitCode: nodeRejectionFlag() === 'warn-with-error-code',
    exitOnUncaught: options.exitOnUncaught !== false,
    captureSignals: options.captureSignals !== false,
    shutdownTimeoutMs,
    drain,
  });
  active = { client, uninstall: () => uninstall() };

  if (disk) {
    // Events kept by an earlier run (the network was down, or the process died first). Their files
    // go only once the replay settled, so a crash mid-replay leaves them for the next start; ids are
    // unchanged, so a service that saw the first try deduplicates the second.
    for (const batch of disk.claim()) void client.replay(batch.events, batch.transport).then(() => disk.release([batch]));
  }
  return client;
}
