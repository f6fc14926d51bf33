/** Every way a snapshot can be unreadable, with a message saying what and where. */
export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotError';
  }
}
