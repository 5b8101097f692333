/** Kept in step with package.json by the release script. */
export const NODE_SDK_VERSION = '0.1.0';
export const NODE_SDK_NAME = 'bugmastery.node';
