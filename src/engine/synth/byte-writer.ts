/**
 * Writes a text file as UTF-8 bytes into one reused buffer, handing each full buffer to a sink: millions of CSV
 * rows without a string per row or one giant string. Numbers are written digit by digit.
 */

const encoder = new TextEncoder();

export class ByteWriter {
  private readonly buffer: Uint8Array;
  private pos = 0;
  /** Bytes written so far, flushed or not. */
  written = 0;

  /** `flush` must use the bytes before it returns: the buffer is reused. */
  constructor(
    private readonly flush: (bytes: Uint8Array) => void,
    size = 1 << 20,
  ) {
    this.buffer = new Uint8Array(size);
  }

  private room(bytes: number): void {
    if (this.pos + bytes > this.buffer.length) this.drain();
  }

  private drain(): void {
    if (this.pos > 0) this.flush(this.buffer.subarray(0, this.pos));
    this.written += this.pos;
    this.pos = 0;
  }

  byte(b: number): void {
    this.room(1);
    this.buffer[this.pos++] = b;
  }

  /** A whole number from 0 up to 2^53. */
  int(n: number): void {
    this.room(16);
    const buffer = this.buffer;
    if (n < 10) {
      buffer[this.pos++] = 48 + n;
      return;
    }
    let digits = 0;
    for (let m = n; m >= 1; m = Math.floor(m / 10)) digits++;
    let end = this.pos + digits;
    this.pos = end;
    for (let m = n; m >= 1; m = Math.floor(m / 10)) buffer[--end] = 48 + (m % 10);
  }

  bytes(b: Uint8Array): void {
    if (b.length > this.buffer.length) {
      this.drain();
      this.flush(b);
      this.written += b.length;
      return;
    }
    this.room(b.length);
    this.buffer.set(b, this.pos);
    this.pos += b.length;
  }

  text(s: string): void {
    this.bytes(encoder.encode(s));
  }

  /** Flush what is left; returns the bytes written in all. */
  close(): number {
    this.drain();
    return this.written;
  }
}
