import type { Options } from '@bugmastery/core';
import { amount, count, flag, optional, type OptionRule } from '@bugmastery/core/internal';
import type { RejectionMode } from './process';

/** What `init` accepts on Node: the core options plus the runtime's own. */
export interface NodeOptions extends Omit<Options, 'platform'> {
  /** Capture uncaught exceptions (default true). */
  captureUncaught?: boolean;
  /**
   * 'strict' captures and exits with code 1, 'warn' captures and keeps running, 'none' installs nothing.
   * Default (and `true`): follows Node's own `--unhandled-rejections` mode ('throw' and 'strict' exit,
   * 'warn' keeps running). `false` is 'none': Node's own behaviour, nothing captured.
   */
  captureUnhandledRejections?: RejectionMode | boolean;
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

const MODES: readonly unknown[] = ['warn', 'strict', 'none'];

/**
 * Node's own options, read by `init` with core's schema (a bad value falls back and is reported in
 * the client's one warning). A new option goes here too, or it is reported as unknown.
 */
export const NODE_OPTIONS = {
  captureUncaught: flag(true),
  captureUnhandledRejections: {
    // undefined: Node's own mode, read at init (see nodeRejectionMode).
    default: undefined,
    takes: `'warn', 'strict', 'none' or a boolean (true: follow Node's --unhandled-rejections, false: 'none')`,
    valid: (v: unknown) => typeof v === 'boolean' || MODES.includes(v),
    coerce: (v: unknown) => (v === false ? 'none' : v === true ? undefined : (v as RejectionMode)),
  } as OptionRule<RejectionMode | undefined>,
  exitOnUncaught: flag(true),
  shutdownTimeoutMs: amount(2000),
  captureSignals: flag(true),
  persist: optional<{ dir: string; maxBytes?: number }>(
    'an object { dir, maxBytes? } with a directory path',
    (v) => typeof v === 'object' && v !== null && typeof (v as { dir?: unknown }).dir === 'string',
  ),
  sourceMaps: flag(true),
  sourceMapDir: optional<string>('a directory path', (v) => typeof v === 'string'),
  appRoot: optional<string>('a directory path', (v) => typeof v === 'string' && v !== ''),
  appRoots: optional<string[]>('an array of directory paths', (v) => Array.isArray(v) && v.every((d) => typeof d === 'string')),
  contextLines: count(5, 0),
  serverName: optional<string>('a string', (v) => typeof v === 'string'),
};
