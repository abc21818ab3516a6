/**
 * How the add-in hides the sheets it keeps for itself (lists behind drop-downs,
 * the audit trail, transfer logs, QC plans). "VeryHidden" (ExcelApi 1.1, so
 * every supported host) keeps them out of Excel's Unhide dialog: users cannot
 * edit them by accident, and formulas and list validation still read them.
 */
export const INTERNAL_SHEET_VISIBILITY = 'VeryHidden' as const;
