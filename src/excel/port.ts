import type { ExcelHost } from './host';
import { readWorkbook, readRows } from './read';
import { generateTemplate } from './template';
import { highlight, clearHighlights } from './highlight';
import { applyProposals, revertValues, selectCell, type UndoEntry } from './proposals';
import { watchChanges } from './watch';
import { loadDecisions, saveDecisions } from './decisions';
import { loadOverrides, saveOverrides } from './overrides';
import { writeBackResults, loadTransferLogs, saveTransferLog } from './results';
import { writeDashboardSheet } from './dashboard';
import { appendAudit, readAudit } from './audit';
import type { WorkbookPort } from '../app/workbook-port';
import { readQcSheets, writeQcSheets } from './qc';
import { readTranslations, writeTranslations } from './translations';
import { readRawWorkbook } from './raw-read';
import { readMappingCells, writeMappingCells } from './mapping-store';
import { MAPPING_SHEET } from '../core/mapping/stored';

/** The pane's port on the Office.js adapter, for any ExcelHost (Excel itself or the harness's fake). */
export function createExcelPort(host: ExcelHost): WorkbookPort {
  return {
    read: (std, onProgress) => readWorkbook(host, std, onProgress ? (done, total) => onProgress(total ? done / total : 1) : undefined),
    watch: (std, onChange) => watchChanges(host, std, onChange),
    readRows: (std, sheet, rowNumbers) => readRows(host, std, sheet, rowNumbers),
    async generateTemplate(std) {
      const out = await generateTemplate(host, std);
      const notes: string[] = [];
      if (out.reused.length) notes.push(`Empty sheets reused: ${out.reused.join(', ')}.`);
      notes.push(...out.degraded);
      return { sheets: out.created, notes };
    },
    async highlight(std, result) {
      await highlight(host, std, result);
    },
    async clearHighlights() {
      await clearHighlights(host);
    },
    apply: (proposals) => applyProposals(host, proposals),
    revert: (undo) => revertValues(host, undo as UndoEntry[]),
    select: (sheet, address) => selectCell(host, sheet, address),
    writeResults: (log, places) => writeBackResults(host, log, places),
    loadTransferLogs: () => loadTransferLogs(host),
    saveTransferLog: (log, change) => saveTransferLog(host, log, change),
    loadDecisions: () => loadDecisions(host),
    saveDecisions: (decisions) => saveDecisions(host, decisions),
    loadOverrides: () => loadOverrides(host),
    saveOverrides: (overrides) => saveOverrides(host, overrides),
    writeDashboard: (model) => writeDashboardSheet(host, model),
    appendAudit: async (entries) => ({ warning: (await appendAudit(host, entries)).warning }),
    readAudit: () => readAudit(host),
    writeQcSheets: (model) => writeQcSheets(host, model),
    readQcSheets: () => readQcSheets(host),
    writeTranslations: (rows) => writeTranslations(host, rows),
    readTranslations: () => readTranslations(host),
    readRaw: (opts) => readRawWorkbook(host, { maxRows: opts?.maxRows, onProgress: opts?.onProgress ? (done, total) => opts.onProgress!(total ? done / total : 1) : undefined }),
    readMappingCells: () => readMappingCells(host, MAPPING_SHEET),
    writeMappingCells: (cells) => writeMappingCells(host, MAPPING_SHEET, cells),
  };
}
