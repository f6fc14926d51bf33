/** A small synthetic dataset and the models model mode would ship for it, fitted once per test file. */
import { parseDataset, type DatasetTexts } from '../../../../src/engine/dataset/parse.ts';
import type { Dataset } from '../../../../src/engine/dataset/dataset.ts';
import { fitShippedModels, type ShippedModels } from '../../../../src/engine/model-mode/shipped-models.ts';
import { synthesize, type SynthFile } from '../../../../src/engine/synth/synthesize.ts';
import { trainingSetFromDataset } from '../../../../src/engine/dataset/training-set.ts';

/** The files `npm run synth` would write, as texts. */
export function synthFiles(options: Parameters<typeof synthesize>[0]): DatasetTexts {
  const pieces = new Map<SynthFile, Uint8Array[]>();
  synthesize(options, (file, bytes) => {
    if (!pieces.has(file)) pieces.set(file, []);
    pieces.get(file)!.push(bytes.slice());
  });
  const files: DatasetTexts = {};
  for (const [file, list] of pieces) files[file] = new TextDecoder().decode(Buffer.concat(list));
  return files;
}

export function smallDataset(): Dataset {
  return parseDataset(synthFiles({ users: 200, items: 150, ratings: 6000, tags: 120, seed: 3 }));
}

/**
 * Few factors and epochs: what is tested is how the parts fit together, not accuracy. A plain λ: on this small random
 * set the shipped λ (scaled by √(ratings), small per row) leaves the item factors nearly parallel, so no list could
 * show what diversity does.
 */
export const SMALL_IALS = { factors: 8, epochs: 4, lambda: 20, nu: 0 };

export function smallModels(dataset: Dataset): ShippedModels {
  return fitShippedModels(trainingSetFromDataset(dataset), 1, undefined, SMALL_IALS);
}
