/**
 * Atomic file output: write to a temporary file in the target's folder, flush it to disk, then rename it
 * over the target, so a reader never sees half a file and a failed run leaves the old file (or none).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Temporary sibling of `file` (same folder, so the rename stays on one filesystem). */
export function temporarySibling(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Write `file` atomically. `produce` receives a `write` function and may call it any number of times
 * (large outputs are streamed in chunks, never held whole); if it throws, nothing is left behind.
 */
export function writeFileAtomic(file: string, produce: string | Uint8Array | ((write: (chunk: string | Uint8Array) => void) => void)): void {
  const tmp = temporarySibling(file);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w');
    const out = fd;
    const write = (chunk: string | Uint8Array) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      let off = 0;
      while (off < bytes.byteLength) off += writeSync(out, bytes, off, bytes.byteLength - off);
    };
    if (typeof produce === 'function') produce(write);
    else write(produce);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
}
