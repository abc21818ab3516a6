import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import { Zip, type ZipInputFile } from 'fflate';

/**
 * The rewritten sheet is most of the output's bytes: on a 36 MB sheet level 3 took 160 ms and
 * came out 8 % larger than level 6, which took 400 ms.
 */
const BATCH_BYTES = 1 << 20;
const DEFLATE_LEVEL = 3;

/** One entry of the input zip, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  entry: yauzl.Entry;
}

/** The input workbook's zip: entries listed from the central directory, contents read on demand. */
export interface ZipIn {
  entries: ZipEntry[];
  byName: Map<string, ZipEntry>;
  /** The entry's data inflated. */
  stream(name: string): Promise<Readable>;
  /** The entry's bytes exactly as stored (still deflated), for copying without recompressing. */
  raw(e: ZipEntry): Promise<Readable>;
  text(name: string): Promise<string | undefined>;
  close(): void;
}

export async function openZip(file: string): Promise<ZipIn> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: true }, (err, z) => (err ? reject(err) : resolve(z))));
  const entries: ZipEntry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => { entries.push({ name: entry.fileName, entry }); zip.readEntry(); });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  const byName = new Map(entries.map((e) => [e.name, e]));
  const open = (e: ZipEntry, decompress: boolean) => new Promise<Readable>((resolve, reject) =>
    zip.openReadStream(e.entry, (e.entry.compressionMethod === 0 ? {} : { decompress }) as yauzl.ZipFileOptions, (err, s) => (err ? reject(err) : resolve(s))));
  const stream = (name: string) => {
    const e = byName.get(name);
    if (!e) throw new Error(`the workbook has no part ${name}`);
    return open(e, true);
  };
  return {
    entries,
    byName,
    stream,
    raw: (e) => open(e, false),
    async text(name) {
      if (!byName.has(name)) return undefined;
      const chunks: Buffer[] = [];
      for await (const c of await stream(name)) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    close: () => zip.close(),
  };
}

/** What goes into the output zip for one name. */
export type ZipSource =
  | { kind: 'copy'; entry: ZipEntry }
  | { kind: 'data'; chunks: AsyncIterable<string | Buffer> | Iterable<string | Buffer> }
  /** Chosen when its turn comes to be written (after the entries before it were streamed). */
  | { kind: 'lazy'; pick: () => ZipSource };

/** A zip entry fed with bytes that are already deflated (or stored): fflate writes them as they come. */
class RawFile implements ZipInputFile {
  ondata?: ZipInputFile['ondata'];
  constructor(public filename: string, public compression: number, public crc: number, public size: number, public mtime?: Date) {}
  push(chunk: Uint8Array, final: boolean): void { this.ondata!(null, chunk as Uint8Array<ArrayBuffer>, final); }
}

/**
 * Write the output zip in the order given: copied entries keep their compressed
 * bytes (so an untouched part is exactly what the partner's file held), new or
 * rewritten ones are deflated by zlib as they stream. Waits on the file's
 * back-pressure so a large sheet never sits whole in memory.
 */
export async function writeZip(zin: ZipIn, out: string, parts: { name: string; source: ZipSource }[]): Promise<void> {
  const ws = createWriteStream(out);
  let failed = null as Error | null;
  const zip = new Zip((err, chunk) => {
    if (err) { failed = err; return; }
    if (chunk.length) ws.write(chunk);
  });
  const drain = async () => { if (ws.writableNeedDrain) await once(ws, 'drain'); };
  for (const part of parts) {
    const name = part.name;
    let source = part.source;
    while (source.kind === 'lazy') source = source.pick();
    if (source.kind === 'copy') {
      const e = source.entry.entry;
      const f = new RawFile(name, e.compressionMethod, e.crc32, e.uncompressedSize, e.getLastModDate());
      zip.add(f);
      const s = await zin.raw(source.entry);
      for await (const c of s) { f.push(c as Buffer, false); await drain(); }
      f.push(new Uint8Array(0), true);
    } else {
      const f = new RawFile(name, 8, 0, 0, new Date());
      zip.add(f);
      let crc = 0;
      let size = 0;
      // Deflated in this thread, a batch at a time: each batch ends on a sync flush (not final), so the
      // pieces join into one stream, closed by an empty final block. Streaming through zlib's thread
      // pool instead left the writer waiting on it for a third of its time.
      let batch: Buffer[] = [];
      let batched = 0;
      const flush = async () => {
        if (!batched) return;
        f.push(zlib.deflateRawSync(Buffer.concat(batch, batched), { level: DEFLATE_LEVEL, finishFlush: zlib.constants.Z_SYNC_FLUSH }), false);
        batch = [];
        batched = 0;
        await drain();
      };
      for await (const part of source.chunks) {
        const b = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
        if (!b.length) continue;
        crc = zlib.crc32(b, crc);
        size += b.length;
        batch.push(b);
        batched += b.length;
        if (batched >= BATCH_BYTES) await flush();
      }
      await flush();
      f.push(zlib.deflateRawSync(Buffer.alloc(0), { level: DEFLATE_LEVEL }), false);
      f.crc = crc >>> 0;
      f.size = size;
      f.push(new Uint8Array(0), true);
    }
    if (failed) throw failed;
  }
  zip.end();
  if (failed) throw failed;
  ws.end();
  await once(ws, 'finish');
}
