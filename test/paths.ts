/** Paths of the bundled real data, resolved from the repository root (works without ../shared). */
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const dataDir = (...parts: string[]) => fileURLToPath(new URL(`../data/${parts.join('/')}`, import.meta.url));
