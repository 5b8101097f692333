import { computeFingerprint as fingerprintOfAnyRuntime, type FingerprintOptions } from '@bugmastery/core';
import { parseStackString, processWide, readStack } from '@bugmastery/core/internal';
import { detectAppRoot, rootSpellings } from './app-root';
import { defaultSourceMapper } from './sourcemaps';

/** The app root `init` uses, for fingerprints computed outside the client; shared by the ESM and CommonJS builds. */
const fingerprintRoot = processWide('nodeFingerprintRoot', () => ({ spellings: undefined as string[] | undefined }));

/** Called by `init` with the app root it resolved (the `appRoot` option or the detected one). */
export function setFingerprintRoot(spellings: string[]): void {
  fingerprintRoot.spellings = spellings;
}

/**
 * `computeFingerprint` as the Node client computes it: file paths relative to the app root (the
 * one `init` uses, else the one it would detect) and frames through the source maps `init` reads,
 * so a fingerprint computed here equals the client's in any deploy folder.
 */
export function computeFingerprint(error: unknown, options: FingerprintOptions = {}): string {
  try {
    const appRoot = options.appRoot ?? (fingerprintRoot.spellings ??= rootSpellings(detectAppRoot()));
    const mapper = defaultSourceMapper();
    const stack = options.frames || !mapper ? undefined : readStack(error);
    const frames = options.frames ?? (stack ? mapper!.mapFrames(parseStackString(stack, options)) : undefined);
    return fingerprintOfAnyRuntime(error, { ...options, appRoot, frames });
  } catch {
    return fingerprintOfAnyRuntime(error, options); // a file system that cannot be read still fingerprints
  }
}
