import { getHeapStatistics } from 'node:v8';

/**
 * How many cells a streamed read may keep. Streaming no longer holds the
 * file, the XML or a workbook model, so memory grows with the cells kept
 * (the rows handed to the mapping layer) and what the engine builds from
 * them, not with the XML's size.
 *
 * Measured (bench/read.ts, 1,048,575 Sites rows, 12,666,900 cells, shared
 * strings): `validate` as a whole peaked at 1,119 MB RSS, about 88 bytes a
 * cell with the engine's own copies; PEAK_PER_CELL leaves a margin over that.
 * The limit gives the whole run the Node heap it has: a workbook
 * that would need more is refused in one line before its rows are read
 * (from `<dimension>`) or as soon as the kept cells pass the limit.
 */
export const PEAK_PER_CELL = 110;

export function maxCells(heapLimit = getHeapStatistics().heap_size_limit): number {
  return Math.floor(heapLimit / PEAK_PER_CELL);
}

/**
 * A sheet's XML is streamed, so its size costs time, not memory; past this
 * (about 1,048,576 rows of 30 filled columns) the declared size is taken as a
 * crafted or broken file and refused before inflating anything.
 */
export const MAX_STREAM_SHEET_XML_BYTES = 2 * 1024 ** 3;
/** Shared strings are held whole (each string once), so they count against memory. */
export const MAX_SHARED_STRINGS_BYTES = 512 * 1024 ** 2;
