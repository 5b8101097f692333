// Preloaded with `--import` into a child process: records every file the process opens or reads
// (path and bytes) through node:fs and node:fs/promises, and writes the record to $TRACE_FILE at
// exit. Tests assert on what the SDK read, not on how long it took.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const opens = [];
const bytes = {};
const fdPaths = new Map();
const note = (path, n) => {
  const key = String(path);
  bytes[key] = (bytes[key] ?? 0) + n;
};

const { openSync, readSync, readFileSync, closeSync } = fs;
fs.openSync = function (path, ...rest) {
  const fd = openSync.call(this, path, ...rest);
  opens.push(String(path));
  fdPaths.set(fd, String(path));
  return fd;
};
fs.closeSync = function (fd) {
  fdPaths.delete(fd);
  return closeSync.call(this, fd);
};
fs.readSync = function (fd, ...rest) {
  const n = readSync.call(this, fd, ...rest);
  if (fdPaths.has(fd)) note(fdPaths.get(fd), n);
  return n;
};
fs.readFileSync = function (path, ...rest) {
  const out = readFileSync.call(this, path, ...rest);
  if (typeof path !== 'number') {
    opens.push(String(path));
    note(path, typeof out === 'string' ? Buffer.byteLength(out) : out.length);
  }
  return out;
};
const promises = fs.promises;
const { open, readFile } = promises;
promises.open = async function (path, ...rest) {
  const handle = await open.call(this, path, ...rest);
  opens.push(String(path));
  const read = handle.read;
  handle.read = async function (...args) {
    const result = await read.apply(this, args);
    note(path, result.bytesRead);
    return result;
  };
  return handle;
};
promises.readFile = async function (path, ...rest) {
  const out = await readFile.call(this, path, ...rest);
  if (typeof path === 'string' || path instanceof URL) {
    opens.push(String(path));
    note(path, typeof out === 'string' ? Buffer.byteLength(out) : out.length);
  }
  return out;
};
syncBuiltinESMExports();

process.on('exit', () => {
  if (process.env.TRACE_FILE) fs.writeFileSync(process.env.TRACE_FILE, JSON.stringify({ opens, bytes }));
});
