/**
 * A dataset file's bytes as text, refused when they are not UTF-8 (data/README.md: the files are UTF-8). A lenient
 * decoder would turn Latin-1's "é" into U+FFFD and ship "Am\uFFFDlie (2001)"; the platform's fatal decoder refuses
 * instead, and only then is the file read again, byte by byte, to name the line and column of the first bad byte.
 */

export class NotUtf8Error extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'NotUtf8Error';
  }
}

/** Bytes of a file as they arrive: chunks in order, then the end. */
export interface ByteSink {
  push(bytes: Uint8Array): void;
  end(): void;
}

const LF = 10;
const CR = 13;

/**
 * Where the first byte that is not UTF-8 lies in `bytes`, a piece that begins a line and holds no character cut
 * short at its start: its line (counted from `firstLine` as the CSV reader counts them: LF, CRLF or a lone CR) and
 * the message. Slow (a decoder call per byte), and only run once a file has been refused.
 */
function locate(bytes: Uint8Array, firstLine: number, file: string): NotUtf8Error {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = firstLine;
  let column = 1;
  let afterCr = false;
  /** Where the character being read began, while its bytes arrive. */
  let start = -1;
  for (let p = 0; p < bytes.length; p++) {
    const b = bytes[p]!;
    let text: string;
    try {
      text = decoder.decode(bytes.subarray(p, p + 1), { stream: true });
    } catch {
      // The character being read when the decoder gave up: its bytes so far, or this byte when it began one.
      const shown = start >= 0 ? badBytes(bytes, start, p - 1) : badBytes(bytes, p, p);
      return new NotUtf8Error(file, line, `${shown} at column ${column} ${NOT_UTF8}`);
    }
    if (text === '') {
      if (start < 0) start = p;
      continue;
    }
    start = -1;
    if (b === LF && afterCr) {
      afterCr = false;
      continue;
    }
    afterCr = b === CR;
    if (b === LF || b === CR) {
      line++;
      column = 1;
    } else column++;
  }
  return new NotUtf8Error(
    file,
    line,
    `the file ends inside a character (${badBytes(bytes, start, bytes.length - 1)}) ${NOT_UTF8}`,
  );
}

const NOT_UTF8 = 'is not UTF-8: save the file as UTF-8 (a Latin-1 or Windows-1252 file must be converted)';

const hex = (b: number) => '0x' + b.toString(16).toUpperCase().padStart(2, '0');

function badBytes(bytes: Uint8Array, from: number, to: number): string {
  const shown = Array.from(bytes.subarray(Math.max(0, from), to + 1), hex);
  return shown.length === 1 ? `byte ${shown[0]}` : `bytes ${shown.join(' ')}`;
}

/** A whole file's text; throws NotUtf8Error naming the line of the first byte that is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    throw locate(bytes, 1, file);
  }
}

/**
 * A file arriving in chunks of bytes, decoded into `sink` in pieces cut after their last line end (the rest waits
 * for the next chunk): every piece begins a line, so the reader seldom has a partial row to join to the next one,
 * and a bad byte is found from the line the next piece begins on, `nextLine()`. Throws NotUtf8Error from push or end.
 */
export function utf8Pieces(
  sink: { push(text: string): void; end(): void },
  file: string,
  nextLine: () => number,
): ByteSink {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  /** Chunks since the last line end. */
  let carry: Uint8Array[] = [];
  const decode = (piece: Uint8Array, stream: boolean) => {
    let text: string;
    try {
      text = decoder.decode(piece, { stream });
    } catch (e) {
      if (!(e instanceof TypeError)) throw e;
      throw locate(piece, nextLine(), file);
    }
    sink.push(text);
  };
  const joined = (tail: Uint8Array): Uint8Array => {
    if (carry.length === 0) return tail;
    const out = new Uint8Array(carry.reduce((n, c) => n + c.length, tail.length));
    let at = 0;
    for (const c of carry) {
      out.set(c, at);
      at += c.length;
    }
    out.set(tail, at);
    carry = [];
    return out;
  };
  return {
    push(bytes) {
      const cut = bytes.lastIndexOf(LF) + 1;
      if (cut === 0) {
        carry.push(bytes.slice());
        return;
      }
      decode(joined(bytes.subarray(0, cut)), true);
      if (cut < bytes.length) carry.push(bytes.slice(cut));
    },
    end() {
      decode(joined(new Uint8Array(0)), false);
      sink.end();
    },
  };
}
