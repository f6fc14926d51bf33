/**
 * The web-platform globals the engine may use. The engine runs the same in the worker, in Node (CLIs, tests) and
 * could run on the page, so it compiles without DOM, WebWorker or Node types; what it does use is declared here,
 * and only what browsers, workers and Node all provide with these signatures. Adding to this file is a decision
 * that the engine needs that API everywhere it runs.
 */

declare function setTimeout(handler: () => void, delayMs?: number): unknown;

declare const performance: { now(): number };

declare function structuredClone<T>(value: T): T;

declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBufferLike, options?: { stream?: boolean }): string;
}

type ReadableStreamReadResult<T> = { done: false; value: T } | { done: true; value?: undefined };

interface ReadableStreamDefaultReader<R> {
  read(): Promise<ReadableStreamReadResult<R>>;
}

interface ReadableWritablePair<R, W> {
  readable: ReadableStream<R>;
  writable: WritableStream<W>;
}

interface ReadableStream<R> {
  getReader(): ReadableStreamDefaultReader<R>;
  pipeThrough<T>(transform: ReadableWritablePair<T, R>): ReadableStream<T>;
}

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- the type parameter is the chunk type, as in the platform's own declaration
interface WritableStream<W> {
  close(): Promise<void>;
}

declare class DecompressionStream {
  constructor(format: 'gzip' | 'deflate' | 'deflate-raw');
  readonly readable: ReadableStream<Uint8Array<ArrayBuffer>>;
  readonly writable: WritableStream<BufferSource>;
}

type BufferSource = ArrayBufferView | ArrayBuffer;
type BlobPart = BufferSource | Blob | string;

declare class Blob {
  constructor(parts?: BlobPart[]);
  stream(): ReadableStream<Uint8Array<ArrayBuffer>>;
}
