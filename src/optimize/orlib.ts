/**
 * Reader for Beasley's OR-Library uncapacitated p-median instances (pmed1–pmed40; J.E. Beasley, "OR-Library:
 * distributing test problems by electronic mail", JORS 41(11):1069–1072, 1990).
 *
 * Format: the first line is `n edges p`; then `edges` lines `i j cost` of an undirected graph on nodes
 * 1..n. The instance's distances are the all-pairs shortest paths of that graph (Floyd–Warshall, as
 * Beasley computed them), every node is both a demand point (weight 1) and a candidate. When an edge
 * appears more than once, the LAST occurrence counts (OR-Library's own note on these files; it is not the
 * minimum: pmed2 lists 22–77 with cost 16 and later with 17, and 17 is used).
 *
 * Data layout: `distances` is one row-major n × n Float64Array (Infinity between disconnected nodes).
 * Complexity: parsing O(edges); Floyd–Warshall O(n³) (pmed40, n = 900: ≈ 0.7·10⁹ simple steps, ≈ 1 s).
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import type { LocationProblem } from './problem.js';

export interface OrlibInstance {
  /** Nodes (demand points = candidates). */
  n: number;
  /** Edge lines in the file. */
  edgeCount: number;
  /** The instance's p. */
  p: number;
  /** All-pairs shortest-path distances, row-major n × n. */
  distances: Float64Array;
  /** The file it was read from (for messages). */
  file?: string;
}

const INT = /^[+-]?\d+$/;

/** Parse the text of an OR-Library pmed file; `file` names it in errors (InputError with the line as row). */
export function parseOrlib(text: string, file = 'orlib'): OrlibInstance {
  const lines = text.split(/\r?\n/);
  let li = 0;
  const nextLine = (): { tokens: string[]; row: number } | null => {
    while (li < lines.length) {
      const row = li + 1;
      const t = lines[li++]!.trim();
      if (t !== '') return { tokens: t.split(/\s+/), row };
    }
    return null;
  };
  const ints = (tokens: string[], row: number, fields: string[]): number[] => {
    if (tokens.length !== fields.length) throw new InputError(`expected ${fields.length} numbers (${fields.join(' ')})`, { file, row, field: fields.join(' '), expected: `${fields.length} integers`, seen: tokens.join(' ') });
    return tokens.map((t, k) => {
      if (!INT.test(t)) throw new InputError('not an integer', { file, row, field: fields[k], expected: 'an integer', seen: t });
      return Number(t);
    });
  };
  const head = nextLine();
  if (!head) throw new InputError('empty file', { file, row: 1, expected: 'a header line "n edges p"' });
  const [n, edgeCount, p] = ints(head.tokens, head.row, ['n', 'edges', 'p']) as [number, number, number];
  if (n < 1) throw new InputError('node count must be ≥ 1', { file, row: head.row, field: 'n', expected: '≥ 1', seen: n });
  if (edgeCount < 0) throw new InputError('edge count must be ≥ 0', { file, row: head.row, field: 'edges', expected: '≥ 0', seen: edgeCount });
  if (p < 1 || p > n) throw new InputError('p must be between 1 and n', { file, row: head.row, field: 'p', expected: `1..${n}`, seen: p });
  const dist = new Float64Array(n * n).fill(Infinity);
  for (let i = 0; i < n; i++) dist[i * n + i] = 0;
  for (let e = 0; e < edgeCount; e++) {
    const line = nextLine();
    if (!line) throw new InputError(`the header announces ${edgeCount} edges but the file ends after ${e}`, { file, row: lines.length, field: 'edges', expected: `${edgeCount} edge lines`, seen: e });
    const [a, b, c] = ints(line.tokens, line.row, ['i', 'j', 'cost']) as [number, number, number];
    if (a < 1 || a > n) throw new InputError('node out of range', { file, row: line.row, field: 'i', expected: `1..${n}`, seen: a });
    if (b < 1 || b > n) throw new InputError('node out of range', { file, row: line.row, field: 'j', expected: `1..${n}`, seen: b });
    if (c < 0) throw new InputError('negative edge cost', { file, row: line.row, field: 'cost', expected: '≥ 0', seen: c });
    if (a === b) continue; // a loop never shortens a path
    // Last occurrence wins (not the minimum): overwrite whatever an earlier line set.
    dist[(a - 1) * n + (b - 1)] = c;
    dist[(b - 1) * n + (a - 1)] = c;
  }
  const extra = nextLine();
  if (extra) throw new InputError(`more data than the ${edgeCount} edges the header announces`, { file, row: extra.row, expected: 'end of file', seen: extra.tokens.join(' ') });
  floydWarshall(dist, n);
  return { n, edgeCount, p, distances: dist, file };
}

/** Read and parse an OR-Library pmed file. */
export function readOrlib(file: string): OrlibInstance {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read the file (${(e as Error).message})`, { file });
  }
  return parseOrlib(text, file);
}

/** All-pairs shortest paths in place on a row-major n × n matrix (Infinity = no edge); O(n³). */
export function floydWarshall(dist: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let i = 0; i < n; i++) {
      const ri = i * n;
      const dik = dist[ri + k]!;
      if (dik === Infinity) continue;
      for (let j = 0; j < n; j++) {
        const v = dik + dist[rk + j]!;
        if (v < dist[ri + j]!) dist[ri + j] = v;
      }
    }
  }
}

/** The p-median problem of an OR-Library instance: every node a demand point of weight 1 and a candidate. */
export function orlibProblem(inst: OrlibInstance): LocationProblem {
  const ids = Array.from({ length: inst.n }, (_, i) => String(i + 1));
  return { weight: new Float64Array(inst.n).fill(1), cost: inst.distances, candidateCount: inst.n, costUnit: 'units', demandIds: ids, candidateIds: ids };
}
