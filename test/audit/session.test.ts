import { MemoryCtms } from '../../testing/memory-ctms';
import {
  AuditTrail, decisionEntry, decisionsFromTrail, recordTransfer, specDecisions, templateEntry, transformationEntries, validationEntry,
} from '../../src/core/audit';
import type { Decision } from '../../src/core/model/decision';
import { a1 } from '../../src/core/sheet/address';
import type { WorkbookData } from '../../src/core/model/sheet';
import { defaultStandard } from '../../src/core/standard/load';
import { buildTemplatePlan } from '../../src/core/template/plan';
import { applyProposals } from '../../src/core/transform/apply';
import { planTransfer, runRollback, runTransfer, startLog } from '../../src/core/transfer';
import { verifyWorkbook } from '../../src/core/verify/engine';
import { mappingSpecMarkdown } from '../../src/core/report/spec';
import { clean, TODAY, type Sheets } from '../../testing/builders/wb';

/**
 * A scripted session, as a steward would run it in the add-in:
 * template → fill → validate → accept proposals → decide → submit → roll back.
 * Every step goes through the engine; the trail must hold every change with
 * who, when (UTC), before and after.
 */

const std = defaultStandard();

function filledFromTemplate(sheets: Sheets): WorkbookData {
  const plan = buildTemplatePlan(std);
  return {
    sheets: plan.sheets.map((s) => {
      const rows = sheets[s.name] ?? [];
      return { name: s.name, headers: s.columns.map((c) => c.header), rows: rows.map((r) => s.columns.map((c) => r[c.header] ?? null)), rowNumbers: rows.map((_, i) => i + 2) };
    }),
  };
}

describe('audit trail after a scripted session', () => {
  it('records every accepted transformation, decision, override and transfer with who, when, before and after', async () => {
    let t = Date.UTC(2024, 5, 30, 9, 0, 0);
    const now = () => new Date((t += 60_000));
    const trail = new AuditTrail({ who: 'Ann Steward', now });

    // 1. Template.
    trail.append(templateEntry(std, 'Excel'));

    // 2. The partner fills it with values that need transforming.
    const sheets = clean();
    sheets.Sites![0]!.Country = 'USA';
    sheets['Site Staff']![0]!.Role = 'PI';
    sheets.Investigators![0]!.Email = ' Ann.Smith@Mayo.org ';
    sheets.Investigators!.push({ Email: 'a.smith@mayo.org', 'First Name': 'Ann', 'Last Name': 'Smyth', 'Organization ID': 'ORG-1', Country: 'United States' });
    const data = filledFromTemplate(sheets);

    // 3. Validate.
    const result = verifyWorkbook(std, data, { today: TODAY });
    trail.append(validationEntry(result, 'partner.xlsx'));
    expect(result.proposals.length).toBeGreaterThanOrEqual(4);

    // 4. Accept all proposals.
    const { workbook: fixed, changes } = applyProposals(data, result.proposals);
    const transformed = trail.appendAll(transformationEntries(changes, result.proposals));
    expect(transformed).toHaveLength(changes.length);

    // 5. Decide: the two Ann Smiths are different people; a flag is overridden; FSFV mapping recorded.
    const decisions: Decision[] = [
      { kind: 'duplicate', sheet: 'Investigators', rows: [2, 3], action: 'distinct', score: 0.88, note: 'different emails confirmed by site' },
      { kind: 'override', sheet: 'Sites', row: 2, cell: 'F2', ruleId: 'R-CTRY-01', note: 'site abroad', who: 'Bob Lead' },
      { kind: 'mapping', ruleId: 'T-FSFV', what: 'FSFV Date', decision: 'source FSFV = first enrollment; target FSFV = first consent; loaded as is, flagged for review' },
    ];
    for (const d of decisions) trail.append(decisionEntry(d));

    // 6. Submit to a fake target, then roll back.
    const target = new MemoryCtms();
    const plan = planTransfer(std, fixed, { today: TODAY });
    const log = startLog(plan, { targetUrl: 'memory://ctms', who: 'Ann Steward', now });
    await runTransfer(plan, log, { target, targetUrl: 'memory://ctms', who: 'Ann Steward', save: () => undefined, now });
    expect(log.status).toBe('done');
    const added = recordTransfer(trail, log);
    expect(recordTransfer(trail, log)).toBe(0); // idempotent
    await runRollback(log, target, 'Ann Steward', false);
    expect(recordTransfer(trail, log)).toBe(1); // only the rollback is new

    const entries = trail.entries();
    expect(trail.verifyChain()).toEqual({ ok: true, checked: entries.length, problems: [] });

    // who and when on every entry.
    for (const e of entries) {
      expect(e.who).toMatch(/\S/);
      expect(e.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    // Every accepted change, cell by cell, with before and after.
    for (const c of changes) {
      const e = entries.find((x) => x.kind === 'transformation' && x.sheet === c.sheet && x.cell === a1(c.col, c.row));
      expect(e).toBeDefined();
      expect(e!.ruleId).toBe(c.ruleId);
      expect(e!.after).toBe(c.after instanceof Date ? c.after.toISOString().slice(0, 10) : String(c.after));
      expect(e!.before).toBe(c.before === null || c.before === '' ? null : c.before instanceof Date ? c.before.toISOString().slice(0, 10) : String(c.before));
    }
    expect(entries.find((e) => e.cell === 'F2' && e.kind === 'transformation')).toMatchObject({ before: 'USA', after: 'US', ruleId: 'T-COUNTRY' });
    expect(entries.find((e) => e.sheet === 'Site Staff' && e.kind === 'transformation')).toMatchObject({ before: 'PI', after: 'Principal Investigator', ruleId: 'T-ROLE' });

    // Decisions and overrides, with their authors.
    expect(entries.filter((e) => e.kind === 'decision')).toHaveLength(2);
    expect(entries.find((e) => e.kind === 'override')).toMatchObject({ who: 'Bob Lead', sheet: 'Sites', cell: 'F2', ruleId: 'R-CTRY-01' });
    const back = decisionsFromTrail(entries);
    expect(back.map((d) => d.kind)).toEqual(['duplicate', 'override', 'mapping']);
    expect(back.every((d) => d.who && d.at)).toBe(true);
    const md = mappingSpecMarkdown(std, specDecisions(back));
    expect(md).toContain('T-FSFV: FSFV Date');
    expect(md).toContain('Bob Lead');

    // The transfer: a summary, every batch, and every record with its result and target id.
    const records = log.entities.flatMap((e) => e.records);
    expect(records.length).toBe(8); // 2 organizations, 1 study, 1 study country (derived from the site), 1 site, 2 investigators, 1 site staff
    const recEntries = entries.filter((e) => e.kind === 'transfer' && e.details.phase === 'record');
    expect(recEntries).toHaveLength(records.length + log.entities.reduce((n, e) => n + e.heldBack.length, 0));
    for (const r of records) {
      const e = recEntries.find((x) => x.sheet === r.sheet && x.row === r.row);
      expect(e).toMatchObject({ after: r.result!.id, details: expect.objectContaining({ transferId: log.transferId, externalId: r.externalId, result: 'created', batch: expect.any(Number) }) });
    }
    expect(entries.filter((e) => e.kind === 'transfer' && e.details.phase === 'batch')).toHaveLength(log.batches.length);
    expect(entries.filter((e) => e.kind === 'transfer' && e.details.phase === 'summary')).toHaveLength(1);
    expect(entries.filter((e) => e.kind === 'rollback')).toEqual([expect.objectContaining({ details: expect.objectContaining({ transferId: log.transferId, deleted: 8, dryRun: false }) })]);
    expect(added).toBe(1 + log.batches.length + records.length);

    // Stored in a sheet and read back, it is the same trail, still intact.
    const { headers, rows } = trail.toRows();
    const stored = AuditTrail.fromRows([headers, ...rows]);
    expect(stored.entries()).toEqual(entries);
    expect(stored.verifyChain().ok).toBe(true);
  });
});
