/**
 * Blocking: records are compared only with records that share at least one
 * blocking key, so the work grows with the rows times the (capped) block size
 * instead of with all pairs. Several keys per record let one key catch what
 * another misses (a typo changes the phonetic key but not the email).
 */

export interface BlockIndex {
  records: number;
  /** Per record, its block ids: recordBlocks[recordStart[i] .. recordStart[i+1]). */
  recordStart: Int32Array;
  recordBlocks: Int32Array;
  /** Per block, its members in record order: members[blockStart[b] .. blockStart[b+1]). */
  blockStart: Int32Array;
  members: Int32Array;
  /** Blocks left out because they exceeded the cap (too common to discriminate). */
  oversizedBlocks: number;
  blocks: number;
}

/** Collects (record, key) pairs; keys are interned to ids so the index is flat typed arrays. */
export class BlockBuilder {
  private readonly ids = new Map<string, number>();
  private rec = new Int32Array(1024);
  private blk = new Int32Array(1024);
  private len = 0;

  /** Records must be added in ascending index order; duplicate keys of one record are ignored. */
  add(record: number, key: string): void {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    } else if (this.len > 0) {
      // Same record and key again (e.g. two equal tokens): cheap check on the recent entries.
      for (let k = this.len - 1; k >= 0 && this.rec[k] === record; k--) if (this.blk[k] === id) return;
    }
    if (this.len === this.rec.length) {
      const r = new Int32Array(this.len * 2); r.set(this.rec); this.rec = r;
      const b = new Int32Array(this.len * 2); b.set(this.blk); this.blk = b;
    }
    this.rec[this.len] = record;
    this.blk[this.len] = id;
    this.len++;
  }

  build(records: number, maxBlockSize: number): BlockIndex {
    const nb = this.ids.size;
    const size = new Int32Array(nb);
    for (let k = 0; k < this.len; k++) size[this.blk[k]]++;
    let oversized = 0;
    const keep = new Uint8Array(nb);
    for (let b = 0; b < nb; b++) {
      // A block of one compares nothing; an oversized block would dominate the cost.
      if (size[b] > maxBlockSize) oversized++;
      else if (size[b] > 1) keep[b] = 1;
    }
    const blockStart = new Int32Array(nb + 1);
    for (let b = 0; b < nb; b++) blockStart[b + 1] = blockStart[b] + (keep[b] ? size[b] : 0);
    const members = new Int32Array(blockStart[nb]);
    const fill = blockStart.slice(0, nb);
    const recordStart = new Int32Array(records + 1);
    for (let k = 0; k < this.len; k++) if (keep[this.blk[k]]) recordStart[this.rec[k] + 1]++;
    for (let i = 0; i < records; i++) recordStart[i + 1] += recordStart[i];
    const recordBlocks = new Int32Array(recordStart[records]);
    const rfill = recordStart.slice(0, records);
    for (let k = 0; k < this.len; k++) {
      const b = this.blk[k];
      if (!keep[b]) continue;
      members[fill[b]++] = this.rec[k];
      recordBlocks[rfill[this.rec[k]]++] = b;
    }
    return { records, recordStart, recordBlocks, blockStart, members, oversizedBlocks: oversized, blocks: nb };
  }
}

/**
 * Calls visit(i, j) once for every pair i < j sharing a kept block. A stamp per
 * record replaces a set of seen pairs, so the loop allocates nothing.
 * Returns the number of pairs visited.
 */
export function forEachCandidatePair(index: BlockIndex, visit: (i: number, j: number) => void): number {
  const { records, recordStart, recordBlocks, blockStart, members } = index;
  const stamp = new Int32Array(records).fill(-1);
  let pairs = 0;
  for (let i = 0; i < records; i++) {
    for (let k = recordStart[i]; k < recordStart[i + 1]; k++) {
      const b = recordBlocks[k];
      for (let m = blockStart[b + 1] - 1; m >= blockStart[b]; m--) {
        const j = members[m];
        // Members are in record order: everything before this is <= i.
        if (j <= i) break;
        if (stamp[j] === i) continue;
        stamp[j] = i;
        pairs++;
        visit(i, j);
      }
    }
  }
  return pairs;
}

/** Naive all-pairs enumeration, kept only to measure what blocking saves. */
export function forEachPair(records: number, visit: (i: number, j: number) => void): number {
  for (let i = 0; i < records; i++) for (let j = i + 1; j < records; j++) visit(i, j);
  return (records * (records - 1)) / 2;
}
