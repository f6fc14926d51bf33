/**
 * What the app needs of a dataset beyond well-formed rows. Each check here stands for a dataset that builds and
 * then fails on the device, so the build refuses it instead, naming file, line and field like any other problem:
 * - no items: nothing to show or recommend;
 * - no ratings: every model learns from ratings ("cannot fit a model on a training set without ratings");
 * - every rating the same value: the star labels place a prediction between the lowest and the highest rating
 *   given, and the list's order is checked against them (star-agreement.ts), so a scale of one value has no room.
 * Items nobody rated, a single user and a single item are served (the tests open such datasets) and pass.
 */
import type { IssueList } from './issues.ts';

/** The header line: where a file's rows would begin, for problems of the file as a whole. */
const HEADER_LINE = 1;

export function checkItemsServable(itemCount: number, issues: IssueList): void {
  if (itemCount === 0)
    issues.add('movies.csv', HEADER_LINE, '-', 'no items: the app needs at least one row to show and recommend');
}

export function checkRatingsServable(values: Float32Array, issues: IssueList): void {
  if (values.length === 0) {
    issues.add(
      'ratings.csv',
      HEADER_LINE,
      '-',
      'no ratings: every model learns from ratings, so the app could not start',
    );
    return;
  }
  const first = values[0]!;
  if (values.every((v) => v === first))
    issues.add(
      'ratings.csv',
      HEADER_LINE,
      'rating',
      `every rating is ${first}: predicted ratings need at least two different values to lie between`,
    );
}
