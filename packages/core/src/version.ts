/** Kept in step with package.json by the release script. */
export const SDK_VERSION = '0.1.0';
