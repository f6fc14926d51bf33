/**
 * Change notifications: local subscribers are called directly (a BroadcastChannel never delivers to its own
 * sender) and other tabs hear {type} on BroadcastChannel('matinee'), then re-read what changed, so two tabs agree.
 */
import { CHANGE_KINDS, type ChangeKind, type ChangeMessage } from './user-store.ts';

export const DEFAULT_CHANNEL = 'matinee';

export class ChangeFeed {
  private readonly listeners = new Set<(change: ChangeMessage) => void>();
  private readonly channel: BroadcastChannel | null;

  /** channelName null: local only (the in-memory store has nothing to share with other tabs). */
  constructor(channelName: string | null) {
    this.channel =
      channelName !== null && typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(channelName) : null;
    if (this.channel) {
      this.channel.onmessage = (event: MessageEvent<unknown>) => {
        const type = (event.data as { type?: unknown } | null)?.type;
        // Another tab, maybe another version of the app: ignore what this version does not know.
        if (CHANGE_KINDS.includes(type as ChangeKind)) this.emit({ type: type as ChangeKind });
      };
    }
  }

  announce(...types: ChangeKind[]): void {
    for (const type of types) {
      this.emit({ type });
      this.channel?.postMessage({ type } satisfies ChangeMessage);
    }
  }

  subscribe(callback: (change: ChangeMessage) => void): () => void {
    this.listeners.add(callback);
    return () => this.listeners.delete(callback);
  }

  close(): void {
    this.listeners.clear();
    this.channel?.close();
  }

  private emit(change: ChangeMessage): void {
    for (const l of [...this.listeners]) {
      try {
        l(change);
      } catch (e) {
        // One broken subscriber must not stop the others, nor fail the write that already committed.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }
}
