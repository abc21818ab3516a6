import { FakeExcelError } from './errors';

/**
 * The ExcelApi requirement set of every member the fake offers, as listed in
 * the Office JavaScript API reference (learn.microsoft.com/javascript/api/excel,
 * "[API set: ExcelApi x.y]" on each member). A test that creates a host for an
 * older set gets Office's answer when the adapter reaches past it: the call is
 * queued and the batch fails at sync with ApiNotFound, as on a real host whose
 * Office.js is newer than the Excel build it talks to.
 *
 * Keys are "<Entity>.<member>" with the entity name each proxy gives itself.
 * Members not listed are ExcelApi 1.1 (the base set).
 */
export const REQUIREMENTS: Readonly<Record<string, string>> = {
  // Workbook
  'Workbook.name': '1.7',
  'Workbook.settings': '1.4',
  'Workbook.customXmlParts': '1.5',
  'Workbook.comments': '1.10',
  'Workbook.notes': '1.18',
  'Workbook.use1904DateSystem': '1.9',
  'Workbook.getSelectedRanges': '1.9',
  'Workbook.getActiveCell': '1.7',
  // Worksheets
  'WorksheetCollection.getItemOrNullObject': '1.4',
  'WorksheetCollection.getCount': '1.4',
  'Worksheet.freezePanes': '1.7',
  'Worksheet.protection': '1.2',
  'Worksheet.onChanged': '1.7',
  'Worksheet.getRanges': '1.9',
  'Worksheet.getUsedRangeOrNullObject': '1.4',
  'Worksheet.tabColor': '1.7',
  'Worksheet.showGridlines': '1.8',
  // Ranges
  'Range.getAbsoluteResizedRange': '1.7',
  'Range.getResizedRange': '1.2',
  'Range.getCellProperties': '1.9',
  'Range.setCellProperties': '1.9',
  'Range.getSpecialCells': '1.9',
  'Range.dataValidation': '1.8',
  'RangeFormat.columnWidth': '1.2',
  'RangeFormat.autofitColumns': '1.2',
  'RangeFormat.protection': '1.2',
  'RangeAreas.format': '1.9',
  'RangeAreas.address': '1.9',
  'RangeAreas.areaCount': '1.9',
  'RangeAreas.cellCount': '1.9',
  'RangeAreas.clear': '1.9',
  'RangeAreas.select': '1.9',
  'DataValidation.rule': '1.8',
  'DataValidation.prompt': '1.8',
  'DataValidation.type': '1.8',
  'DataValidation.clear': '1.8',
  // Comments (1.10), but looking one up by id without throwing came later.
  'CommentCollection.add': '1.10',
  'CommentCollection.getItem': '1.10',
  'CommentCollection.getItemByCell': '1.10',
  'CommentCollection.getItemOrNullObject': '1.14',
  'CommentCollection.getCount': '1.10',
  'Comment.content': '1.10',
  'Comment.authorName': '1.10',
  'Comment.id': '1.10',
  'Comment.delete': '1.10',
  'Comment.getLocation': '1.10',
  // Notes
  'NoteCollection.add': '1.18',
  'NoteCollection.getItem': '1.18',
  'NoteCollection.getItemOrNullObject': '1.18',
  'NoteCollection.getCount': '1.18',
  'Note.content': '1.18',
  'Note.authorName': '1.18',
  'Note.delete': '1.18',
  'Note.getLocation': '1.18',
  // Settings
  'SettingCollection.add': '1.4',
  'SettingCollection.getItem': '1.4',
  'SettingCollection.getItemOrNullObject': '1.4',
  'SettingCollection.getCount': '1.4',
  'Setting.value': '1.4',
  'Setting.delete': '1.4',
  // Events and the runtime
  'Runtime.enableEvents': '1.8',
  // Charts
  'ChartSeriesCollection.add': '1.7',
  'ChartSeries.chartType': '1.7',
  'ChartSeries.axisGroup': '1.8',
  'ChartAxes.getItem': '1.7',
  'ChartAxis.numberFormat': '1.8',
};

export function cmpVersion(a: string, b: string): number {
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
}

/** The members of one entity that a host of `apiVersion` lacks, with the set each needs. */
export function missingMembers(entity: string, apiVersion: string): Map<string, string> {
  const out = new Map<string, string>();
  const prefix = `${entity}.`;
  for (const [key, set] of Object.entries(REQUIREMENTS)) {
    if (key.startsWith(prefix) && cmpVersion(apiVersion, set) < 0) out.set(key.slice(prefix.length), set);
  }
  return out;
}

export function apiNotFound(what: string, set: string): FakeExcelError {
  return new FakeExcelError('ApiNotFound', `The API you are trying to use could not be found (${what} needs ExcelApi ${set}).`);
}
