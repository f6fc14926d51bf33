/**
 * The bundled dataset with only its first 40 users' ratings: every item, title, tag and link is there, but the
 * engine fits in a fraction of the time, so boot and API tests can fit as often as they need.
 */
import { readDatasetFiles } from '../../../src/pipeline/dataset-folder.ts';
import { parseDataset } from '../../../src/engine/dataset/parse.ts';
import type { Dataset } from '../../../src/engine/dataset/dataset.ts';

const USERS = 40;

export function tinyDataset(): Dataset {
  const files = readDatasetFiles('data/ml-latest-small');
  const [header, ...rows] = new TextDecoder().decode(files['ratings.csv'] as Uint8Array).split('\n');
  const kept = rows.filter((line) => line !== '' && Number(line.slice(0, line.indexOf(','))) <= USERS);
  return parseDataset({ ...files, 'ratings.csv': [header, ...kept].join('\n') });
}
