/**
 * The bundled dataset's manifest, known to the page before the worker has started (the snapshot plugin puts it
 * in virtual:snapshot), so the first paint already says "Search movies" and credits the data.
 */
import { manifest } from 'virtual:snapshot';
import type { Manifest } from '../engine/dataset/dataset.ts';

export const bundledManifest: Manifest = manifest;
