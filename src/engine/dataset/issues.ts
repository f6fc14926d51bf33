/** Validation problems, each pinned to a file, a line and a field. */

export interface DatasetIssue {
  file: string;
  /** 1-based line; 0 when the problem concerns the whole file (e.g. it is missing). */
  line: number;
  /** 1-based column on that line, when one character is at fault (a JSON syntax error). */
  column?: number;
  /** Column or manifest field; "-" when no single field is at fault. */
  field: string;
  message: string;
}

/** How many issues an error lists in full; the rest are only counted (a broken file can have one per line). */
export const ISSUE_CAP = 20;

export function formatIssue(i: DatasetIssue): string {
  const where = i.line > 0 ? `${i.file}:${i.line}${i.column ? `:${i.column}` : ''}` : i.file;
  return `${where}: ${i.field === '-' ? '' : `field "${i.field}": `}${i.message}`;
}

export class DatasetError extends Error {
  constructor(
    /** The first ISSUE_CAP issues. */
    readonly issues: DatasetIssue[],
    /** How many issues were found in all. */
    readonly total: number,
  ) {
    const more = total > issues.length ? `\n… and ${total - issues.length} more` : '';
    super(`${total} problem${total === 1 ? '' : 's'} in the dataset:\n` + issues.map(formatIssue).join('\n') + more);
    this.name = 'DatasetError';
  }
}

export class IssueList {
  readonly kept: DatasetIssue[] = [];
  total = 0;

  add(file: string, line: number, field: string, message: string, column?: number): void {
    this.total++;
    if (this.kept.length < ISSUE_CAP) this.kept.push({ file, line, ...(column ? { column } : {}), field, message });
  }

  throwIfAny(): void {
    if (this.total > 0) throw new DatasetError(this.kept, this.total);
  }
}

/** Throw one DatasetError for several lists, as if their issues had been added to one list in this order. */
export function throwIfAnyIn(lists: IssueList[]): void {
  let total = 0;
  for (const list of lists) total += list.total;
  if (total > 0) throw new DatasetError(lists.flatMap((l) => l.kept).slice(0, ISSUE_CAP), total);
}
