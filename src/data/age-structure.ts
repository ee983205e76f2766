/** Applying an age structure to a population total: the shared step of every demand model. */
import { AGE_BANDS, type AgePopulation } from '../core/model.js';

/**
 * Split `population` into age bands by the shares of a reference structure (band / sum of bands), so
 * the result always adds up to `population`, even where the reference's bands and its stated total
 * differ (as in one HSY cell).
 */
export function applyAgeStructure(structure: AgePopulation, population: number): AgePopulation {
  const total = AGE_BANDS.reduce((s, b) => s + structure[b], 0);
  const out = {} as AgePopulation;
  for (const b of AGE_BANDS) out[b] = total > 0 ? (structure[b] * population) / total : 0;
  return out;
}
