import { createHash } from 'node:crypto';
import { AuditTrail, AUDIT_HEADERS, GENESIS_HASH, csvField, sha256Hex, type AuditEntry } from '../../src/core/audit';

const clock = () => {
  let t = Date.UTC(2024, 5, 30, 12, 0, 0);
  return () => new Date((t += 1000));
};

function sample(): AuditTrail {
  const trail = new AuditTrail({ who: 'Ann Steward', now: clock() });
  trail.append({ kind: 'transformation', sheet: 'Sites', row: 2, cell: 'F2', before: 'USA', after: 'US', ruleId: 'T-COUNTRY' });
  trail.append({ kind: 'transformation', sheet: 'Sites', row: 3, cell: 'G3', before: '03/04/2021', after: new Date('2021-03-04T00:00:00Z'), ruleId: 'T-DATE' });
  trail.append({ kind: 'decision', sheet: 'Investigators', row: 10, ruleId: 'duplicate', before: '10, 22', after: 'merge into row 10', details: { score: 0.93 } });
  trail.append({ kind: 'override', who: 'Bob Lead', sheet: 'Sites', row: 4, cell: 'J4', ruleId: 'R-CTRY-01', details: { note: 'site abroad' } });
  return trail;
}

describe('sha256Hex', () => {
  it('matches the FIPS test vectors and Node crypto, Unicode included', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (const s of ['x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), 'x'.repeat(1000), 'Müller 東京 😀', '\ud800 lone']) {
      expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
    }
  });
});

describe('AuditTrail', () => {
  it('numbers entries, stamps who and when (UTC) and chains hashes', () => {
    const e = sample().entries();
    expect(e.map((x) => x.seq)).toEqual([1, 2, 3, 4]);
    expect(e[0]).toMatchObject({ who: 'Ann Steward', at: '2024-06-30T12:00:01.000Z', kind: 'transformation', sheet: 'Sites', cell: 'F2', before: 'USA', after: 'US', ruleId: 'T-COUNTRY', prevHash: GENESIS_HASH });
    expect(e[1]!.after).toBe('2021-03-04');
    expect(e[3]!.who).toBe('Bob Lead');
    for (let i = 1; i < e.length; i++) expect(e[i]!.prevHash).toBe(e[i - 1]!.hash);
    expect(sample().verifyChain()).toEqual({ ok: true, checked: 4, problems: [] });
  });

  it('hands out frozen copies and has no way to edit or remove', () => {
    const trail = sample();
    const e = trail.entries();
    expect(Object.isFrozen(e)).toBe(true);
    expect(Object.isFrozen(e[0])).toBe(true);
    expect(() => { (e[0] as { who: string }).who = 'Mallory'; }).toThrow(TypeError);
    expect(() => { (e as AuditEntry[]).pop(); }).toThrow(TypeError);
    expect(trail.entries()[0]!.who).toBe('Ann Steward');
    const api = Object.getOwnPropertyNames(AuditTrail.prototype);
    expect(api.filter((m) => /remove|delete|edit|update|set(?!Who)|splice|clear/i.test(m))).toEqual([]);
  });

  it('refuses an entry without an author or with an unknown kind', () => {
    const t = new AuditTrail();
    expect(() => t.append({ kind: 'transformation' })).toThrow(/who/);
    expect(() => t.append({ kind: 'nope' as 'transfer', who: 'x' })).toThrow(/kind/);
    t.setWho('Entered Once');
    expect(t.append({ kind: 'template' }).who).toBe('Entered Once');
  });

  it('detects an edited entry, a removed entry and (against a remembered head) truncation', () => {
    const { rows } = sample().toRows();
    const edited = rows.map((r) => [...r]);
    edited[1]![8] = '2021-04-03'; // After of entry 2
    const c1 = AuditTrail.fromRows(edited).verifyChain();
    expect(c1.ok).toBe(false);
    expect(c1.problems).toEqual([expect.objectContaining({ seq: 2, problem: 'edited' })]);

    const removed = rows.filter((_, i) => i !== 1);
    const c2 = AuditTrail.fromRows(removed).verifyChain();
    expect(c2.ok).toBe(false);
    expect(c2.problems[0]).toMatchObject({ seq: 3, problem: 'removed' });

    // Renumbering after removing does not help: the link to the previous hash breaks.
    const renumbered = removed.map((r, i) => { const c = [...r]; c[0] = i + 1; return c; });
    expect(AuditTrail.fromRows(renumbered).verifyChain().ok).toBe(false);

    const full = sample();
    const head = full.head();
    const truncated = AuditTrail.fromRows(rows.slice(0, 3));
    expect(truncated.verifyChain().ok).toBe(true);
    expect(truncated.verifyChain(head).problems).toEqual([expect.objectContaining({ problem: 'truncated' })]);
    expect(full.verifyChain(head).ok).toBe(true);
  });

  it('round-trips through sheet rows (with or without headers, numbers and dates as Excel gives them) and JSON', () => {
    const trail = sample();
    const { headers, rows } = trail.toRows();
    expect(headers).toEqual([...AUDIT_HEADERS]);
    for (const r of rows) for (const v of r) expect(v === null || typeof v === 'string' || typeof v === 'number').toBe(true);
    const back = AuditTrail.fromRows([headers, ...rows]);
    expect(back.entries()).toEqual(trail.entries());
    expect(back.verifyChain().ok).toBe(true);
    // Excel may hand back the time as a Date and the row number as text.
    const excelish = rows.map((r) => { const c: unknown[] = [...r]; c[1] = new Date(String(r[1])); c[5] = r[5] === null ? '' : String(r[5]); return c; });
    expect(AuditTrail.fromRows(excelish).verifyChain().ok).toBe(true);
    const json = AuditTrail.fromJson(trail.toJson());
    expect(json.entries()).toEqual(trail.entries());
    // Appending after loading continues the chain.
    json.append({ kind: 'validation', who: 'Ann Steward', at: '2024-07-01T00:00:00Z' });
    expect(json.verifyChain()).toMatchObject({ ok: true, checked: 5 });
  });

  it('writes CSV with quotes doubled and formula-leading text defused', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+1 202 555')).toBe("'+1 202 555");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField(-5)).toBe('-5');
    expect(csvField(null)).toBe('');
    const t = new AuditTrail({ who: '=cmd|calc', now: clock() });
    t.append({ kind: 'transformation', sheet: 'Sites', cell: 'A2', before: '@x', after: 'say "hi", ok', ruleId: 'T-TRIM' });
    const csv = t.toCsv();
    const [head, line] = csv.split('\r\n');
    expect(head).toBe(AUDIT_HEADERS.join(','));
    expect(line).toContain(",'=cmd|calc,");
    expect(line).toContain(",'@x,");
    expect(line).toContain(',"say ""hi"", ok",');
    expect(line).toContain(',{},');
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});
