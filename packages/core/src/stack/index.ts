export { parseStack, parseStackString, readStack, framesPart, MAX_FRAMES } from './parse';
export { isInApp, normalizePath, relativeToRoot, normalizeFunctionName, isMinifiedName, matches, type InAppRules, type Pattern } from './frames';
