import { expect } from 'vitest';
import { DatasetError, parseDataset, type DatasetFiles } from '../../../../src/engine/dataset/parse.ts';
import type { DatasetIssue } from '../../../../src/engine/dataset/issues.ts';

/** The issues of the DatasetError a dataset is refused with; fails the test when it is accepted. */
export function issuesOf(files: DatasetFiles): DatasetIssue[] {
  try {
    parseDataset(files);
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetError);
    return (e as DatasetError).issues;
  }
  throw new Error('expected the dataset to be rejected');
}
