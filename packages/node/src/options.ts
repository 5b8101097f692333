import type { Options } from '@bugmastery/core';

/** What `init` accepts on Node: the core options plus the runtime's own. */
export interface NodeOptions extends Omit<Options, 'platform'> {
  /** Capture uncaught exceptions (default true). */
  captureUncaught?: boolean;
  /**
   * 'strict' captures and exits with code 1, 'warn' captures and keeps running, 'none' installs nothing.
   * Default: follows Node's own `--unhandled-rejections` mode ('throw' and 'strict' exit, 'warn' keeps running).
   */
  captureUnhandledRejections?: 'warn' | 'strict' | 'none';
  /** Exit with code 1 after an uncaught exception, as Node would (default true; never when the app has its own listener). */
  exitOnUncaught?: boolean;
  /** How long the exit paths wait for delivery (default 2000 ms). */
  shutdownTimeoutMs?: number;
  /** Flush on SIGTERM/SIGINT, then re-raise the signal when the app has no handler of its own (default true). */
  captureSignals?: boolean;
  /** Disk queue for events that could not be delivered; replayed at the next start. */
  persist?: { dir: string; maxBytes?: number };
  /** Map stack frames to original sources with source maps (default true). */
  sourceMaps?: boolean;
  /** Extra directories to look in for `<file>.map`, besides the one next to the file. */
  sourceMapDir?: string;
  /**
   * The app's root folder. File paths in fingerprints are taken relative to it (the same bug keeps
   * its fingerprint in any deploy folder, checkout or host), and the SDK reads sources and source maps
   * only below it. Default: the folder of the nearest `package.json` above the entry script (above
   * `process.cwd()` when the entry script is a tool inside node_modules), else the entry script's folder.
   * The file-system root is never an app root.
   */
  appRoot?: string;
  /** More folders whose sources and source maps the SDK may read, besides `appRoot` (and `sourceMapDir`). Not used for fingerprints. */
  appRoots?: string[];
  /** Source lines around each in-app frame (default 5; 0 turns it off). */
  contextLines?: number;
  /** Override the server name (default: the host name). */
  serverName?: string;
}
