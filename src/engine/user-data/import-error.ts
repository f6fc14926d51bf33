/** Import validation problems, each naming where: a file line and column, or a JSON path. */
import { formatIssue, IssueList, type DatasetIssue } from '../dataset/issues.ts';

export type ImportIssue = DatasetIssue;

export class ImportError extends Error {
  constructor(
    /** The first ISSUE_CAP issues. */
    readonly issues: ImportIssue[],
    /** How many issues were found in all. */
    readonly total: number,
  ) {
    const more = total > issues.length ? `\n… and ${total - issues.length} more` : '';
    super(
      `${total} problem${total === 1 ? '' : 's'} in the imported file, nothing was imported:\n` +
        issues.map(formatIssue).join('\n') +
        more,
    );
    this.name = 'ImportError';
  }
}

/** IssueList that throws ImportError. */
export class ImportIssues extends IssueList {
  override throwIfAny(): void {
    if (this.total > 0) throw new ImportError(this.kept, this.total);
  }
}
