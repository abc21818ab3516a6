import {
  applyProposals, clearHighlights, generateTemplate, highlight, loadDecisions, loadTransferLogs, readWorkbook, revertValues, saveDecisions, saveTransferLog, selectCell, writeBackResults, type ExcelHost, type UndoEntry,
} from '../excel';
import { appendAudit, loadOverrides, readAudit, readRows, saveOverrides, watchChanges, writeDashboardSheet } from '../excel';
import { readQcSheets, writeQcSheets } from '../excel/qc';
import type { WorkbookPort } from './port';

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
    writeResults: (log) => writeBackResults(host, log),
    loadTransferLogs: () => loadTransferLogs(host),
    saveTransferLog: (log) => saveTransferLog(host, log),
    loadDecisions: () => loadDecisions(host),
    saveDecisions: (decisions) => saveDecisions(host, decisions),
    loadOverrides: () => loadOverrides(host),
    saveOverrides: (overrides) => saveOverrides(host, overrides),
    writeDashboard: (model) => writeDashboardSheet(host, model),
    appendAudit: async (entries) => ({ warning: (await appendAudit(host, entries)).warning }),
    readAudit: () => readAudit(host),
    writeQcSheets: (model) => writeQcSheets(host, model),
    readQcSheets: () => readQcSheets(host),
  };
}
