export const BROWSER_SDK_VERSION = '0.1.0';
