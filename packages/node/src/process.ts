import type { Client, Logger } from '@bugmastery/core';
import { normalize } from '@bugmastery/core/internal';

export type RejectionMode = 'warn' | 'strict' | 'none';

export interface ProcessHandlerOptions {
  client: Client;
  captureUncaught: boolean;
  rejections: RejectionMode;
  exitOnUncaught: boolean;
  captureSignals: boolean;
  shutdownTimeoutMs: number;
  /** Node runs with `--unhandled-rejections=warn-with-error-code`: a rejection sets exit code 1 (Node skips that once we listen). */
  rejectionExitCode?: boolean;
  /** Deliver (or keep on disk) what is pending, bounded by the timeout. */
  drain(timeoutMs: number): Promise<unknown>;
  logger: Logger;
}

/** Node's own `--unhandled-rejections` value (flag or NODE_OPTIONS; the last one wins), 'throw' by default. */
export function nodeRejectionFlag(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): string {
  const args = [...nodeOptions.split(/\s+/), ...execArgv];
  let mode = 'throw';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--unhandled-rejections=')) mode = a.slice('--unhandled-rejections='.length);
    else if (a === '--unhandled-rejections' && args[i + 1]) mode = args[++i];
  }
  return mode;
}

/**
 * Node's mode mapped to ours: 'throw' (Node's default) and 'strict' crash the process, the others
 * keep it running ('warn-with-error-code' also sets exit code 1: see `rejectionExitCode`).
 */
export function nodeRejectionMode(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): RejectionMode {
  const mode = nodeRejectionFlag(execArgv, nodeOptions);
  return mode === 'throw' || mode === 'strict' ? 'strict' : 'warn';
}

function printCrash(prefix: string, error: unknown): void {
  try {
    const text = error instanceof Error ? error.stack ?? String(error) : `${prefix}${safeString(error)}`;
    process.stderr.write(text + '\n');
  } catch {
    /* stderr closed: nothing more to do */
  }
}

/**
 * What a thrown non-Error says on stderr, bounded like an event's data: `JSON.stringify` of a YAML
 * document full of aliases unfolds every alias and ran the dying process out of memory (exit 134,
 * the event never delivered) instead of exiting 1.
 */
function safeString(value: unknown): string {
  try {
    return typeof value === 'string' ? value : JSON.stringify(normalize(value)) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * Installs the process handlers and returns their removal. Node's behaviour stays Node's:
 * an uncaught exception still ends the process with code 1 (after a bounded flush) unless
 * the app listens itself; a signal still ends it unless the app handles it itself.
 */
export function installProcessHandlers(o: ProcessHandlerOptions): () => void {
  const { client, logger } = o;
  let exiting = false;
  /** Values already captured: in 'strict' mode Node reports a rejection twice. */
  const seen = new WeakSet<object>();
  const installed: Array<[string, (...args: never[]) => void]> = [];

  const others = (event: string, own: unknown): number =>
    process.listeners(event as 'uncaughtException').filter((l) => l !== own).length;

  const capture = (error: unknown, mechanism: string): void => {
    try {
      if (error !== null && typeof error === 'object') {
        if (seen.has(error)) return;
        seen.add(error);
      }
      client.captureException(error, { level: 'fatal', handled: false, mechanism: { type: mechanism, handled: false } });
    } catch (err) {
      logger.error(`[bugmastery] could not capture a process error: ${String(err)}`);
    }
  };

  /** Bounded flush, then exit; exits even when the drain itself fails. Runs once. */
  const exitAfterDrain = (code: number): void => {
    if (exiting) return;
    exiting = true;
    process.exitCode = code;
    const hardStop = setTimeout(() => process.exit(code), o.shutdownTimeoutMs + 1000);
    hardStop.unref();
    Promise.resolve()
      .then(() => o.drain(o.shutdownTimeoutMs))
      .catch(() => undefined)
      .finally(() => process.exit(code));
  };

  const add = (event: string, listener: (...args: never[]) => void): void => {
    process.on(event as 'uncaughtException', listener as unknown as NodeJS.UncaughtExceptionListener);
    installed.push([event, listener]);
  };

  if (o.captureUncaught) {
    const onUncaught = (error: unknown, origin?: string): void => {
      try {
        const fromRejection = origin === 'unhandledRejection';
        capture(error, fromRejection ? 'onunhandledrejection' : 'onuncaughtexception');
        // The app listening itself means the app decided the process lives on.
        if (others('uncaughtException', onUncaught) > 0 || !o.exitOnUncaught) return;
        if (!exiting) printCrash('Uncaught ', error);
        exitAfterDrain(1);
      } catch {
        /* never throw from here: Node would crash with our error instead of the app's */
      }
    };
    add('uncaughtException', onUncaught);
  }

  if (o.rejections !== 'none') {
    const onRejection = (reason: unknown): void => {
      try {
        capture(reason, 'onunhandledrejection');
        if (others('unhandledRejection', onRejection) > 0) return;
        if (o.rejections !== 'strict') {
          if (o.rejectionExitCode) process.exitCode = 1;
          return;
        }
        if (!exiting) printCrash('Unhandled rejection: ', reason);
        exitAfterDrain(1);
      } catch {
        /* see above */
      }
    };
    add('unhandledRejection', onRejection);
  }

  const onBeforeExit = (): void => {
    try {
      // Only when something is pending: flushing schedules work, which fires beforeExit again.
      if (!exiting && client.stats().pending > 0) void client.flush(o.shutdownTimeoutMs).catch(() => undefined);
    } catch {
      /* see above */
    }
  };
  add('beforeExit', onBeforeExit);

  if (o.captureSignals) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const onSignal = (): void => {
        try {
          // The app handles its own shutdown (and may call client.close()).
          if (others(signal, onSignal) > 0 || exiting) return;
          exiting = true;
          const reraise = (): void => {
            process.removeListener(signal, onSignal);
            process.kill(process.pid, signal);
          };
          const hardStop = setTimeout(reraise, o.shutdownTimeoutMs + 1000);
          hardStop.unref();
          Promise.resolve()
            .then(() => o.drain(o.shutdownTimeoutMs))
            .catch(() => undefined)
            .finally(() => {
              clearTimeout(hardStop);
              reraise();
            });
        } catch {
          /* see above */
        }
      };
      add(signal, onSignal);
    }
  }

  return () => {
    for (const [event, listener] of installed) process.removeListener(event as 'uncaughtException', listener as unknown as NodeJS.UncaughtExceptionListener);
    installed.length = 0;
  };
}
