/** Applying an age structure to a population total: the shared step of every demand model. */
import { AGE_BANDS, type AgePopulation } from '../core/model.js';

/** Split `population` into age bands by the shares of a reference structure (band / structureTotal). */
export function applyAgeStructure(structure: AgePopulation, structureTotal: number, population: number): AgePopulation {
  const out = {} as AgePopulation;
  for (const b of AGE_BANDS) out[b] = structureTotal > 0 ? (structure[b] * population) / structureTotal : 0;
  return out;
}
