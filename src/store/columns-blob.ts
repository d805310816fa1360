/**
 * Bars are stored as columnar chunks: each column of a chunk is one BLOB holding the raw bytes
 * of a Float64Array (little-endian, as on every platform Node runs on). Loading a series is
 * then a memory copy per chunk instead of one JS object per row.
 */

export function toBlob(column: Float64Array): Buffer {
  return Buffer.from(column.buffer, column.byteOffset, column.byteLength);
}

/** Copies a blob into `target` at `offset` (blobs from SQLite need not be 8-byte aligned). */
export function copyBlobInto(blob: Buffer, target: Float64Array, offset: number): void {
  new Uint8Array(target.buffer, target.byteOffset + offset * 8, blob.length).set(blob);
}
