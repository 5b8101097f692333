import { createClient, getCurrentClient, setCurrentClient, type Client, type Logger } from '@bugmastery/core';
import { appRootPaths, contextLineScrubber, processWide, readOptions, type Platform } from '@bugmastery/core/internal';
import { detectAppRoot, rootSpellings } from './app-root';
import { setFingerprintRoot } from './fingerprint';
import { AppRoots } from './app-roots';
import { addRuntimeContext, staticContext } from './context';
import { ContextLines, withContext } from './context-lines';
import { NODE_OPTIONS, type NodeOptions } from './options';
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

/** The client whose handlers are installed: one per process, whichever build (ESM or CommonJS) made it. */
const installed = processWide('nodeActive', () => ({ active: undefined as { client: NodeClient; uninstall(): void } | undefined }));

function consoleLogger(): Logger {
  return { warn: (m) => console.warn(m), error: (m) => console.error(m) };
}

/**
 * `init(options)`: the core client with the Node platform (source maps, context, async-local
 * scope, disk queue), made current for the framework glue, with process handlers installed.
 * A second `init` replaces the first (its handlers are removed).
 */
export function init(options: NodeOptions = {}): NodeClient {
  const { values: node, problems } = readOptions(options, NODE_OPTIONS);
  // A logger that is not one is reported by core (in its one warning); Node's own messages use the console meanwhile.
  const given = options.logger;
  const logger = typeof given?.warn === 'function' && typeof given.error === 'function' ? given : consoleLogger();
  const { active } = installed;
  if (active) {
    logger.warn('[bugmastery] init() was called again; the previous client is flushed, closed and replaced');
    // Its handlers go now (the new client's replace them); what it captured is still delivered (or kept on disk).
    active.uninstall();
    void active.client.close(node.shutdownTimeoutMs).catch(() => undefined);
    installed.active = undefined;
  }
  const appRoot = rootSpellings(detectAppRoot(node.appRoot));
  setFingerprintRoot(appRoot);
  const roots = new AppRoots([...appRoot, ...(node.appRoots ?? []), node.sourceMapDir]);
  const mapper = node.sourceMaps
    ? new SourceMapper({
        roots,
        sourceMapDir: node.sourceMapDir,
        inAppInclude: options.inAppInclude,
        inAppExclude: options.inAppExclude,
        // One read per file: context lines reuse what the mapper read (it runs first, inside capture).
        onSourceRead: (path, text) => lines.remember(path, text),
      })
    : undefined;
  setDefaultSourceMapper(mapper);
  const lines = new ContextLines({
    lines: node.contextLines,
    roots,
    embedded: mapper ? (file) => mapper.sourceContent(file) : undefined,
  });
  const disk = node.persist?.dir ? new DiskQueue(node.persist.dir, node.persist.maxBytes, logger) : undefined;
  const fixed = staticContext(node.serverName);

  const platform: Platform = {
    name: 'node',
    sdk: { name: NODE_SDK_NAME, version: NODE_SDK_VERSION },
    relativePath: appRootPaths(appRoot),
    // Runs only for the stacks of Error objects (core never maps a plain object's `stack`): source maps, context reads.
    mapFrames: withContext(lines, mapper && ((frames) => mapper.mapFrames(frames))),
    enrich(event) {
      addRuntimeContext(event, fixed, { release: event.release, environment: event.environment });
      // Usually a no-op (the cached frames carry context); a promise while a source file is still being read.
      // Reads nothing new: only what the throw site's frames started (a plain object's stack starts nothing).
      const loading = event.exceptions.map((ex) => lines.addTo(ex.frames, false)).filter((p) => p !== undefined);
      if (loading.length > 0) return Promise.all(loading).then(() => undefined, () => undefined);
      return undefined;
    },
    // The context lines read from disk are scrubbed by core, once per excerpt, before any callback sees them.
    scrubContextLines: contextLineScrubber,
    currentScope: () => scopeStorage.getStore(),
    runWithScope: (scope, fn) => scopeStorage.run(scope, fn),
    persist: disk ? (transport, events) => disk.write(transport, events) : undefined,
    options: { names: Object.keys(NODE_OPTIONS), problems },
  };

  const base = createClient({ ...options, logger: given ?? logger, platform });
  const closeBase = base.close.bind(base);
  const shutdownTimeoutMs = node.shutdownTimeoutMs;

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
        if (installed.active?.client === client) installed.active = undefined;
      }
    },
  });

  setCurrentClient(client);
  uninstall = installProcessHandlers({
    client,
    logger,
    captureUncaught: node.captureUncaught,
    rejections: node.captureUnhandledRejections ?? nodeRejectionMode(),
    rejectionExitCode: nodeRejectionFlag() === 'warn-with-error-code',
    exitOnUncaught: node.exitOnUncaught,
    captureSignals: node.captureSignals,
    shutdownTimeoutMs,
    drain,
  });
  installed.active = { client, uninstall: () => uninstall() };

  if (disk) {
    // Events kept by an earlier run (the network was down, or the process died first). Their files
    // go only once the replay settled, so a crash mid-replay leaves them for the next start; ids are
    // unchanged, so a service that saw the first try deduplicates the second.
    for (const batch of disk.claim()) void client.replay(batch.events, batch.transport).then(() => disk.release([batch]));
  }
  return client;
}
