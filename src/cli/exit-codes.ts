/**
 * The one place where errors become exit codes (sysexits.h values) and messages on stderr.
 * 0 ok; 2 usage (bad command line, unknown id, missing project, refusing to overwrite, unusable
 * output path); 65 data error (bad input file: InputError); 70 internal error (a bug: with stack).
 */
import { InputError, UsageError } from '../core/errors.js';

export const EXIT = { ok: 0, usage: 2, dataError: 65, internal: 70 } as const;

/** Print an error for a person and return the exit code it maps to. */
export function reportError(e: unknown): number {
  if (e instanceof InputError) {
    process.stderr.write(`saavu: error: ${e.message}\n`);
    return EXIT.dataError;
  }
  if (e instanceof UsageError) {
    process.stderr.write(`saavu: ${e.message}\n`);
    return EXIT.usage;
  }
  process.stderr.write(`saavu: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
  return EXIT.internal;
}
