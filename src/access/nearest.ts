/**
 * The nearest active service point of each demand cell, from a cells × sites travel-time matrix:
 * with free choice across municipal borders, and with the choice limited to the home municipality;
 * plus the number of active points within a time limit. Everything else in src/access aggregates these.
 *
 * Layout: the matrix is row-major cells × sites in deciseconds with NO_PATH for unreachable pairs (as
 * travel-matrix.ts makes it); `active` is a 0/1 flag per site column. Results are typed arrays per cell.
 * Complexity: O(cells × sites), one pass; no allocation per cell.
 */
import type { Site, SiteKind, SiteStatus } from '../core/model.js';

export const NO_PATH = 0xffffffff;

/** Kinds counted as a service point for the lähipalvelu rule (sote-keskus and sote-yksikkö). */
export const PRIMARY_CARE_KINDS: readonly SiteKind[] = ['sote-keskus', 'sote-yksikko'];
/**
 * Statuses that count as operating: `open`, and `closing` (announced to close but still serving; a
 * scenario closes it). `planned` and `closed` do not.
 */
export const OPERATING_STATUSES: readonly SiteStatus[] = ['open', 'closing'];

/** 0/1 per site: operating and of one of the kinds. */
export function activeSites(sites: readonly Site[], kinds: readonly SiteKind[] = PRIMARY_CARE_KINDS, statuses: readonly SiteStatus[] = OPERATING_STATUSES): Uint8Array {
  return Uint8Array.from(sites, (s) => (kinds.includes(s.kind) && statuses.includes(s.status) ? 1 : 0));
}

export interface NearestService {
  /** Deciseconds to the nearest active site, free choice (NO_PATH: none reachable). */
  freeDs: Uint32Array;
  /** Column of that site (-1: none). */
  freeSite: Int32Array;
  /** Deciseconds to the nearest active site in the cell's own municipality (NO_PATH: none there). */
  homeDs: Uint32Array;
  homeSite: Int32Array;
  /** Active sites within `countWithinDeciseconds`. */
  countWithin: Uint16Array;
}

/**
 * Nearest active site per cell. `cellMunicipality[i]` and `siteMunicipality[j]` are municipality codes;
 * ties between equally near sites go to the lower column (deterministic).
 */
export function nearestService(
  deciseconds: Uint32Array,
  cellMunicipality: readonly string[],
  siteMunicipality: readonly string[],
  active: Uint8Array,
  countWithinDeciseconds = 18_000,
): NearestService {
  const rows = cellMunicipality.length;
  const cols = siteMunicipality.length;
  if (deciseconds.length !== rows * cols) throw new Error(`matrix has ${deciseconds.length} entries, expected ${rows} × ${cols}`);
  if (active.length !== cols) throw new Error(`active flags: ${active.length} for ${cols} sites`);
  const freeDs = new Uint32Array(rows).fill(NO_PATH);
  const homeDs = new Uint32Array(rows).fill(NO_PATH);
  const freeSite = new Int32Array(rows).fill(-1);
  const homeSite = new Int32Array(rows).fill(-1);
  const countWithin = new Uint16Array(rows);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    const home = cellMunicipality[i];
    let fd = NO_PATH, fs = -1, hd = NO_PATH, hs = -1, c = 0;
    for (let j = 0; j < cols; j++) {
      if (!active[j]) continue;
      const d = deciseconds[base + j]!;
      if (d === NO_PATH) continue;
      if (d < fd) [fd, fs] = [d, j];
      if (d < hd && siteMunicipality[j] === home) [hd, hs] = [d, j];
      if (d <= countWithinDeciseconds) c++;
    }
    freeDs[i] = fd;
    freeSite[i] = fs;
    homeDs[i] = hd;
    homeSite[i] = hs;
    countWithin[i] = c;
  }
  return { freeDs, freeSite, homeDs, homeSite, countWithin };
}
