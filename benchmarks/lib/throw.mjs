// Throw sites for the capture and storm benchmarks: the error is created three frames below
// the caller, as in an app where a helper of a helper fails.

function level3(message) {
  throw new Error(message);
}

function level2(message) {
  level3(message);
}

export function level1(message) {
  level2(message);
}

/** Returns a fresh error thrown three frames deep. */
export function thrown(message) {
  try {
    level1(message);
  } catch (err) {
    return err;
  }
  throw new Error('unreachable');
}

// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
