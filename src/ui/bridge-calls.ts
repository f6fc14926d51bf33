/**
 * The worker session's calls as the page makes them, declared once. CALLS names every public method of the session
 * (src/worker/session.ts) and whether only its newest answer matters; the compiler checks the table against the
 * session both ways (a call missing here, or one the session does not have, is a type error), so the page never
 * imports the session's code to list its methods. Every call takes an optional AbortSignal after its own arguments
 * (abortable, as fetch is); latest-only calls answer SUPERSEDED once a newer one is made (latest-only.ts).
 */
import type { SessionCalls } from '../worker/api.ts';
import { latestOnly, type Superseded } from './latest-only.ts';

export type CallName = keyof SessionCalls;
type Answer<K extends CallName> = Awaited<ReturnType<SessionCalls[K]>>;

/** 'latest': the user rates or types faster than the worker answers, and only the newest answer is shown. */
const CALLS = {
  recommend: 'latest',
  search: 'latest',
  predict: 'each',
  similar: 'each',
  explain: 'each',
  details: 'each',
  summaries: 'each',
  exportLabels: 'each',
  browse: 'each',
  facets: 'each',
  onboarding: 'each',
  parseUserData: 'each',
  previewExternalImport: 'each',
} as const satisfies Record<CallName, 'latest' | 'each'>;

export type BridgeCalls = {
  [K in CallName]: (
    ...args: [...Parameters<SessionCalls[K]>, signal?: AbortSignal]
  ) => Promise<(typeof CALLS)[K] extends 'latest' ? Answer<K> | Superseded : Answer<K>>;
};

/** Sends one call to the worker; rejects at once with the signal's reason once it aborts. */
export type Send = (name: CallName, args: unknown[], signal?: AbortSignal) => Promise<unknown>;

/** One wrapper per call, made once: a latest-only call's state must outlive each use. */
export function bridgeCalls(send: Send): BridgeCalls {
  const wrappers = Object.entries(CALLS).map(([key, kind]) => {
    const name = key as CallName;
    const run =
      kind === 'latest'
        ? latestOnly((args: unknown[]) => send(name, args))
        : (args: unknown[], signal?: AbortSignal) => send(name, args, signal);
    return [name, (...args: unknown[]) => run(...splitSignal(args))];
  });
  return Object.fromEntries(wrappers) as BridgeCalls;
}

/** A call's own arguments and its optional trailing signal (no worker argument is a signal: it cannot be cloned). */
function splitSignal(args: unknown[]): [unknown[], AbortSignal | undefined] {
  const last = args.at(-1);
  return last instanceof AbortSignal ? [args.slice(0, -1), last] : [args, undefined];
}
