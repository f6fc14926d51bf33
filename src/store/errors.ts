/** IndexedDB and quota failures as one typed error, so the UI can say what went wrong and nothing is swallowed. */

export type StoreErrorKind =
  /** The browser refused to store more (disk full or the origin's quota used up). */
  | 'quota'
  /** IndexedDB cannot be used at all (some private modes, disabled storage, a closed connection). */
  | 'unavailable'
  /** The database was written by a newer Matinee than this one. */
  | 'version'
  /** Stored data is not what this code wrote (missing store, failed checksum). */
  | 'corrupt'
  /** The caller passed data the store cannot keep (not a valid id, not cloneable). */
  | 'invalid'
  | 'unknown';

export class StoreError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    /** What the store was doing, e.g. "save rating". */
    readonly action: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${action}: ${message}`, options);
    this.name = 'StoreError';
  }
}

const KIND_BY_NAME: Record<string, StoreErrorKind> = {
  QuotaExceededError: 'quota',
  VersionError: 'version',
  InvalidStateError: 'unavailable',
  UnknownError: 'unavailable',
  SecurityError: 'unavailable',
  NotAllowedError: 'unavailable',
  NotFoundError: 'corrupt',
  ConstraintError: 'corrupt',
  DataCloneError: 'invalid',
  DataError: 'invalid',
};

const HINT: Record<StoreErrorKind, string> = {
  quota: 'the browser has no storage space left for this site',
  unavailable: 'the browser does not allow this site to store data (private mode or storage disabled?)',
  version: 'the saved data was written by a newer version of Matinee; reload to get it',
  corrupt: 'the saved data is damaged',
  invalid: 'this value cannot be stored',
  unknown: 'the browser reported a storage error',
};

/** Wrap any error thrown by IndexedDB (or a DOMException inside an abort) as a StoreError with a kind. */
export function toStoreError(e: unknown, action: string): StoreError {
  if (e instanceof StoreError) return e;
  // A transaction aborted by a failed request carries the request's error as its cause.
  const err = e as { name?: unknown; message?: unknown; cause?: unknown } | null;
  let name = typeof err?.name === 'string' ? err.name : '';
  if (name === 'AbortError' && err?.cause && typeof (err.cause as { name?: unknown }).name === 'string') {
    name = (err.cause as { name: string }).name;
  }
  const kind = KIND_BY_NAME[name] ?? 'unknown';
  const detail = typeof err?.message === 'string' && err.message !== '' ? ` (${name || 'Error'}: ${err.message})` : '';
  return new StoreError(kind, action, HINT[kind] + detail, { cause: e });
}
