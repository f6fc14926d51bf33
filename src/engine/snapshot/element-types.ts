/** The element types a section can hold, by the code the section table stores (container.ts, plain-sections.ts). */
export type TypedColumn =
  Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

export interface ColumnType<T extends TypedColumn = TypedColumn> {
  new (length: number): T;
  new (buffer: ArrayBuffer): T;
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
}

/** Element types by their code in the section table: code = index + 1 (0 is range-coded bytes). */
export const ELEMENT_TYPES: readonly ColumnType[] = [
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
];
export const CODED = 0;
/** Type codes above this are damage. */
export const LAST_TYPE_CODE = ELEMENT_TYPES.length;
