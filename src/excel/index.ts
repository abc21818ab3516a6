/**
 * The Office.js adapter: the only code that calls Excel.* / Office.*. Every
 * function takes an ExcelHost, so it runs on Excel (officeHost()) and on the
 * fake object model (testing/fake-excel).
 */
export { officeHost, type ExcelHost } from './host';
export { createExcelPort } from './port';
export { readWorkbook, readRows, type ReadProgress } from './read';
export { generateTemplate, readTemplateStandard, TemplateConflictError, type TemplateResult } from './template';
export { TemplateTableConflictError, tableName } from './template-table';
export { highlight, clearHighlights, reconcileMarks, type HighlightOptions, type MarkStats, type NoteMode } from './highlight';
export { marksFromResult, type Mark, type MarkMap, type ResultLike } from './marks';
export { applyProposals, revertValues, selectCell, type ApplyResult, type UndoEntry } from './proposals';
export { watchChanges, type ChangeListener } from './watch';
export { MARKS_SETTING, STANDARD_SETTING, NOTE_PREFIX } from './memory';
export { loadDecisions, saveDecisions, DECISIONS_SETTING } from './decisions';
export { loadOverrides, saveOverrides, OVERRIDES_SETTING } from './overrides';
export { needsTextFormat, serialToDate, dateToSerial, isDateFormat } from './values';
export { writeBackResults, loadTransferLogs, saveTransferLog, sheetStatuses, LOG_SHEET, type WriteBackOutcome } from './results';
export { writeDashboardSheet, DashboardConflictError, DASHBOARD_SHEET, DASHBOARD_SETTING, type DashboardSheetResult } from './dashboard';
export { appendAudit, readAudit, AUDIT_HEAD_SETTING, type AppendAuditResult, type ReadAuditResult, type AuditHead } from './audit';
export { writeTranslations, readTranslations, TranslationsConflictError } from './translations';
export { readRawWorkbook, type RawReadOptions } from './raw-read';
export { readMappingCells, writeMappingCells } from './mapping-store';
