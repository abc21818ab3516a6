import yauzl from 'yauzl';

export interface StoredEntry { crc32: number; compressedSize: number; raw: Buffer }

/** Each entry's CRC, compressed size and compressed bytes, from the central directory, in the zip's order. */
export async function storedEntries(file: string): Promise<Map<string, StoredEntry>> {
  const zip = await new Promise<yauzl.ZipFile>((res, rej) => yauzl.open(file, { lazyEntries: true }, (e, z) => (e ? rej(e) : res(z))));
  const out = new Map<string, StoredEntry>();
  let count = 0;
  await new Promise<void>((res, rej) => {
    zip.on('entry', (e: yauzl.Entry) => {
      count++;
      zip.openReadStream(e, (e.compressionMethod ? { decompress: false } : {}) as yauzl.ZipFileOptions, (err, s) => {
        if (err) return rej(err);
        const chunks: Buffer[] = [];
        s.on('data', (c: Buffer) => chunks.push(c));
        s.on('end', () => { out.set(e.fileName, { crc32: e.crc32, compressedSize: e.compressedSize, raw: Buffer.concat(chunks) }); zip.readEntry(); });
      });
    });
    zip.on('end', () => res());
    zip.on('error', rej);
    zip.readEntry();
  });
  // A name twice in one zip is a broken workbook for Excel.
  if (count !== out.size) throw new Error(`${file}: ${count - out.size} entry name(s) occur twice`);
  return out;
}

/**
 * What a copy changed: names whose compressed bytes differ from the input's, names only in the
 * copy, and names of the input the copy lost.
 */
export async function zipChanges(input: string, output: string): Promise<{ changed: string[]; lost: string[] }> {
  const a = await storedEntries(input);
  const b = await storedEntries(output);
  const changed = [...b].filter(([n, s]) => { const o = a.get(n); return !o || o.crc32 !== s.crc32 || !o.raw.equals(s.raw); }).map(([n]) => n).sort();
  return { changed, lost: [...a.keys()].filter((n) => !b.has(n)).sort() };
}
