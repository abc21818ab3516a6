import { MemoryCtms } from '../../testing/memory-ctms';
import { parseVql, VqlSyntaxError, vqlString } from '../../src/protocol/vql';

describe('parseVql', () => {
  it('parses the subset', () => {
    expect(parseVql("select id, name__v from study__v where a = 'x' and (b = 'y' or c contains ('p','q\\'s')) order by name__v desc pagesize 5 pageoffset 10")).toEqual({
      fields: ['id', 'name__v'],
      object: 'study__v',
      where: { kind: 'and', items: [
        { kind: 'compare', field: 'a', op: '=', value: 'x' },
        { kind: 'or', items: [{ kind: 'compare', field: 'b', op: '=', value: 'y' }, { kind: 'contains', field: 'c', values: ['p', "q's"] }] },
      ] },
      orderBy: { field: 'name__v', direction: 'DESC' },
      pageSize: 5,
      pageOffset: 10,
    });
    expect(parseVql(`SELECT id FROM x WHERE n >= 3 AND k = ${vqlString("it's \\ odd")}`).where).toEqual({ kind: 'and', items: [
      { kind: 'compare', field: 'n', op: '>=', value: 3 },
      { kind: 'compare', field: 'k', op: '=', value: "it's \\ odd" },
    ] });
  });
  it('rejects malformed queries', () => {
    for (const q of ['SELECT FROM x', "SELECT id FROM x WHERE a = 'open", 'SELECT id FROM x; DROP TABLE x', 'SELECT id FROM x WHERE a CONTAINS ()', 'SELECT "a" FROM x']) {
      expect(() => parseVql(q)).toThrow(VqlSyntaxError);
    }
  });
});

describe('MemoryCtms', () => {
  it('behaves like the target: upsert events, duplicate keys, references and delete order', async () => {
    const t = new MemoryCtms();
    const [o] = await t.upsert('organization__v', [{ external_id__v: 'O1', name__v: 'A' }], 'external_id__v');
    expect(o).toMatchObject({ ok: true, event: 'created' });
    const res = await t.upsert('study__v', [
      { external_id__v: 'S1', name__v: 'S1', sponsor__v: o.id! },
      { external_id__v: 'S1', name__v: 'again' },
      { external_id__v: 'S2', name__v: 'S2', sponsor__v: 'nope' },
    ], 'external_id__v');
    expect(res.map((r) => [r.ok, r.error?.type])).toEqual([[true, undefined], [false, 'DUPLICATE_KEY_IN_REQUEST'], [false, 'INVALID_DATA']]);
    expect((await t.upsert('study__v', [{ external_id__v: 'S1', name__v: 'S1' }], 'external_id__v'))[0].event).toBe('unchanged');
    expect((await t.upsert('study__v', [{ external_id__v: 'S1', name__v: 'S1b' }], 'external_id__v'))[0].event).toBe('updated');
    expect((await t.delete('organization__v', [o.id!]))[0].error?.type).toBe('OPERATION_NOT_ALLOWED');
    expect(await t.query("SELECT name__v FROM study__v WHERE external_id__v CONTAINS ('S1','S9')")).toEqual([{ name__v: 'S1b' }]);
    const found = await t.findByExternalIds('study__v', 'external_id__v', ['S1', 'S2']);
    expect([...found.keys()]).toEqual(['S1']);
    expect((await t.delete('study__v', [res[0].id!]))[0].ok).toBe(true);
    expect((await t.delete('organization__v', [o.id!]))[0].ok).toBe(true);
    expect(t.snapshot()).toEqual({});
  });
});
