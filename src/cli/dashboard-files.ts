import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { columnLetter } from '../core/sheet/address';
import { formatValue, type CellFormat, type DashboardChart, type DashboardModel, type DashboardTable } from '../core/kpi/dashboard';

/**
 * Renderers of the dashboard model for the command line: an .xlsx workbook
 * (Dashboard sheet with the KPI table, the tables and native Excel charts; a
 * Mapping Spec sheet; a copy of the Audit sheet) and a self-contained HTML
 * page (inline CSS and SVG, no external URL). The numbers come from the pure
 * model (src/core/kpi); nothing here computes a KPI.
 *
 * ExcelJS cannot write charts, so the workbook is written first and the chart
 * parts (DrawingML: xl/charts/chartN.xml, a drawing, their relationships and
 * content types) are added to the zip afterwards. Each chart reads its values
 * from a "Chart data" block on the Dashboard sheet and carries a cache of them,
 * so Excel shows it without recalculating.
 */

export const DASHBOARD_SHEET = 'Dashboard';
export const SPEC_SHEET = 'Mapping Spec';

const TEAL = '1F6F78';
const PALETTE = ['1F6F78', 'E07A1F', '4C6EF5', '2F9E44', '9C36B5', 'C92A2A'];
const STATUS_FILL: Record<string, string> = { met: 'D3F9D8', missed: 'FFE3E3' };

const NUM_FORMATS: Record<CellFormat, string> = { text: '@', int: '#,##0', percent: '0.0%', decimal: '0.00', bytes: '#,##0' };

/** Where a chart goes on the sheet and where its data is (1-based rows and columns). */
export interface ChartPlacement {
  chart: DashboardChart;
  /** First row of the data block (its header row); categories in column `col`, series in the next columns. */
  dataRow: number;
  dataCol: number;
  /** Extra constant series drawn as a line (the Pareto cut). */
  extra: { name: string; value: number }[];
  /** Anchor of the chart: top-left cell (0-based col/row), width and height in cells. */
  at: { col: number; row: number; cols: number; rows: number };
}

function absRef(sheet: string, col: number, row: number): string {
  return `'${sheet.replace(/'/g, "''")}'!$${columnLetter(col - 1)}$${row}`;
}

function writeTable(ws: ExcelJS.Worksheet, t: DashboardTable, startRow: number): number {
  ws.getCell(startRow, 1).value = t.title;
  ws.getCell(startRow, 1).font = { bold: true, size: 12, color: { argb: `FF${TEAL}` } };
  const hr = startRow + 1;
  t.headers.forEach((h, i) => {
    const c = ws.getCell(hr, i + 1);
    c.value = h;
    c.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${TEAL}` } };
    c.alignment = { vertical: 'middle', wrapText: true };
  });
  let r = hr + 1;
  if (!t.rows.length) {
    ws.getCell(r, 1).value = t.note ?? 'None.';
    ws.getCell(r, 1).font = { italic: true };
    return r + 2;
  }
  for (const row of t.rows) {
    row.forEach((v, i) => {
      const c = ws.getCell(r, i + 1);
      c.value = v;
      const f = t.formats[i] ?? 'text';
      if (typeof v === 'number') c.numFmt = NUM_FORMATS[f];
      const status = t.id === 'kpis' && i === 3 ? STATUS_FILL[String(v)] : undefined;
      if (status) c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${status}` } };
    });
    r++;
  }
  if (t.note) {
    ws.getCell(r, 1).value = t.note;
    ws.getCell(r, 1).font = { italic: true, color: { argb: 'FF555555' } };
    r++;
  }
  return r + 1;
}

export interface ReportWorkbookInput {
  model: DashboardModel;
  /** The mapping specification (Markdown from mappingSpecMarkdown), rendered as the Mapping Spec sheet. */
  specMarkdown: string;
  /** The input workbook's audit trail (header + rows), copied as the Audit sheet. */
  audit?: { name: string; headers: string[]; rows: (string | number | null)[][]; note?: string };
}

/** The report workbook without charts, and where the charts go. */
export function buildReportWorkbook(input: ReportWorkbookInput): { wb: ExcelJS.Workbook; placements: ChartPlacement[] } {
  const { model } = input;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CTMS Collect';
  wb.title = model.title;
  const ws = wb.addWorksheet(DASHBOARD_SHEET, { properties: { tabColor: { argb: `FF${TEAL}` } }, views: [{ showGridLines: false }] });
  ws.getColumn(1).width = 34;
  for (let c = 2; c <= 9; c++) ws.getColumn(c).width = 15;
  ws.getColumn(5).width = 40; // the KPI table's "Basis"
  ws.getCell('A1').value = model.title;
  ws.getCell('A1').font = { bold: true, size: 16, color: { argb: `FF${TEAL}` } };
  ws.getCell('A2').value = model.subtitle;
  ws.getCell('A2').font = { color: { argb: 'FF555555' } };

  let row = 4;
  for (const t of model.tables) row = writeTable(ws, t, row);

  // Chart data blocks, below the tables.
  ws.getCell(row, 1).value = 'Chart data';
  ws.getCell(row, 1).font = { bold: true, size: 12, color: { argb: `FF${TEAL}` } };
  row += 1;
  const placements: ChartPlacement[] = [];
  const chartCol = 11; // K: right of the widest table
  let chartRow = 3;
  for (const chart of model.charts) {
    if (!chart.categories.length) continue;
    const extra = chart.goalLine ? [{ name: chart.goalLine.label, value: chart.goalLine.value }] : [];
    const heads = [chart.title, ...chart.series.map((s) => s.name), ...extra.map((e) => e.name)];
    heads.forEach((h, i) => { const c = ws.getCell(row, i + 1); c.value = h; c.font = { bold: true }; });
    chart.categories.forEach((cat, k) => {
      ws.getCell(row + 1 + k, 1).value = cat;
      chart.series.forEach((s, i) => {
        const c = ws.getCell(row + 1 + k, i + 2);
        c.value = s.values[k] ?? 0;
        c.numFmt = NUM_FORMATS[s.format];
      });
      extra.forEach((e, i) => {
        const c = ws.getCell(row + 1 + k, chart.series.length + 2 + i);
        c.value = e.value;
        c.numFmt = NUM_FORMATS.percent;
      });
    });
    const rows = Math.max(15, chart.kind === 'bar' ? chart.categories.length + 6 : 15);
    placements.push({ chart, dataRow: row, dataCol: 1, extra, at: { col: chartCol - 1, row: chartRow - 1, cols: 8, rows } });
    chartRow += rows + 1;
    row += chart.categories.length + 2;
  }

  addSpecSheet(wb, input.specMarkdown);
  if (input.audit) addAuditSheet(wb, input.audit);
  return { wb, placements };
}

/** Markdown of the mapping specification → sheet rows: headings as section rows, tables as tables, text as text. */
export function specRows(md: string): { kind: 'h1' | 'h2' | 'h3' | 'header' | 'row' | 'text'; cells: string[] }[] {
  const out: { kind: 'h1' | 'h2' | 'h3' | 'header' | 'row' | 'text'; cells: string[] }[] = [];
  const clean = (s: string) => s.replace(/\\\|/g, '|').replace(/`/g, '').trim();
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim()) continue;
    const h = /^(#{1,3})\s+(.*)$/.exec(line);
    if (h) { out.push({ kind: (`h${h[1]!.length}`) as 'h1' | 'h2' | 'h3', cells: [clean(h[2]!)] }); continue; }
    if (line.startsWith('|')) {
      if (/^\|[\s|:-]+\|$/.test(line)) continue;
      const cells = line.slice(1, -1).split(/(?<!\\)\|/).map(clean);
      const isHeader = /^\|[\s|:-]+\|$/.test(lines[i + 1] ?? '');
      out.push({ kind: isHeader ? 'header' : 'row', cells });
      continue;
    }
    out.push({ kind: 'text', cells: [clean(line.replace(/^- /, '• '))] });
  }
  return out;
}

function addSpecSheet(wb: ExcelJS.Workbook, md: string): void {
  const ws = wb.addWorksheet(SPEC_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  [28, 22, 40, 26, 60].forEach((w, i) => { ws.getColumn(i + 1).width = w; });
  for (const r of specRows(md)) {
    const row = ws.addRow(r.cells);
    if (r.kind === 'h1') row.font = { bold: true, size: 14, color: { argb: `FF${TEAL}` } };
    else if (r.kind === 'h2') row.font = { bold: true, size: 12, color: { argb: `FF${TEAL}` } };
    else if (r.kind === 'h3') row.font = { bold: true };
    else if (r.kind === 'header') {
      row.eachCell((c) => {
        c.font = { bold: true, color: { argb: 'FFFFFFFF' } };
        c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${TEAL}` } };
      });
    }
    row.alignment = { vertical: 'top', wrapText: r.kind === 'row' };
  }
}

function addAuditSheet(wb: ExcelJS.Workbook, audit: NonNullable<ReportWorkbookInput['audit']>): void {
  const ws = wb.addWorksheet(audit.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const head = ws.addRow(audit.headers);
  head.font = { bold: true };
  for (const r of audit.rows) {
    const row = ws.addRow(r.map((v) => (v === null ? null : v)));
    row.eachCell((c) => { if (typeof c.value === 'string') c.numFmt = '@'; });
  }
  if (audit.note) ws.addRow([]).getCell(1).value = audit.note;
  audit.headers.forEach((_, i) => { ws.getColumn(i + 1).width = i === 10 ? 60 : 18; });
}

// ---------------------------------------------------------------- DrawingML charts

/** XML-escaped text; control characters XML 1.0 cannot carry are dropped. */
const xmlEsc = (s: string) => [...s].filter((ch) => { const c = ch.charCodeAt(0); return c >= 0x20 || c === 0x09 || c === 0x0a || c === 0x0d; }).join('')
  .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const NS_C = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const NS_A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_XDR = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';
const REL_DRAWING = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
const REL_CHART = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart';
const CT_DRAWING = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const CT_CHART = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';

function strCache(values: string[]): string {
  return `<c:strCache><c:ptCount val="${values.length}"/>${values.map((v, i) => `<c:pt idx="${i}"><c:v>${xmlEsc(v)}</c:v></c:pt>`).join('')}</c:strCache>`;
}

function numCache(values: number[], format: string): string {
  return `<c:numCache><c:formatCode>${xmlEsc(format)}</c:formatCode><c:ptCount val="${values.length}"/>${values.map((v, i) => `<c:pt idx="${i}"><c:v>${Number.isFinite(v) ? v : 0}</c:v></c:pt>`).join('')}</c:numCache>`;
}

interface SeriesRef { idx: number; name: string; nameRef: string; values: number[]; valRef: string; format: string; color: string; line: boolean; dashed?: boolean }

function serXml(s: SeriesRef, catRef: string, categories: string[]): string {
  const fill = s.line
    ? `<c:spPr><a:ln w="28575"><a:solidFill><a:srgbClr val="${s.color}"/></a:solidFill>${s.dashed ? '<a:prstDash val="dash"/>' : ''}</a:ln></c:spPr><c:marker><c:symbol val="${s.dashed ? 'none' : 'circle'}"/></c:marker>`
    : `<c:spPr><a:solidFill><a:srgbClr val="${s.color}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>`;
  return `<c:ser><c:idx val="${s.idx}"/><c:order val="${s.idx}"/>`
    + `<c:tx><c:strRef><c:f>${xmlEsc(s.nameRef)}</c:f>${strCache([s.name])}</c:strRef></c:tx>${fill}`
    + `<c:cat><c:strRef><c:f>${xmlEsc(catRef)}</c:f>${strCache(categories)}</c:strRef></c:cat>`
    + `<c:val><c:numRef><c:f>${xmlEsc(s.valRef)}</c:f>${numCache(s.values, s.format)}</c:numRef></c:val>`
    + `${s.line ? '<c:smooth val="0"/>' : ''}</c:ser>`;
}

function catAx(id: number, cross: number, pos: 'b' | 'l', del = false): string {
  return `<c:catAx><c:axId val="${id}"/><c:scaling><c:orientation val="${pos === 'l' ? 'maxMin' : 'minMax'}"/></c:scaling><c:delete val="${del ? 1 : 0}"/><c:axPos val="${pos}"/>`
    + `<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>`
    + `<c:crossAx val="${cross}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>`;
}

function valAx(id: number, cross: number, pos: 'b' | 'l' | 'r' | 't', opts: { format?: string; max?: number; crossesMax?: boolean; grid?: boolean } = {}): string {
  return `<c:valAx><c:axId val="${id}"/><c:scaling><c:orientation val="minMax"/>${opts.max !== undefined ? `<c:max val="${opts.max}"/>` : ''}<c:min val="0"/></c:scaling>`
    + `<c:delete val="0"/><c:axPos val="${pos}"/>${opts.grid ? '<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>' : ''}`
    + `<c:numFmt formatCode="${xmlEsc(opts.format ?? 'General')}" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>`
    + `<c:crossAx val="${cross}"/><c:crosses val="${opts.crossesMax ? 'max' : 'autoZero'}"/><c:crossBetween val="between"/></c:valAx>`;
}

/** One chart part (c:chartSpace) for a placement on `sheet`. */
export function chartXml(p: ChartPlacement, sheet: string): string {
  const { chart } = p;
  const n = chart.categories.length;
  const first = p.dataRow + 1;
  const last = p.dataRow + n;
  const catRef = `${absRef(sheet, p.dataCol, first)}:$${columnLetter(p.dataCol - 1)}$${last}`;
  const col = (i: number) => p.dataCol + 1 + i;
  const series: SeriesRef[] = chart.series.map((s, i) => ({
    idx: i, name: s.name, nameRef: absRef(sheet, col(i), p.dataRow), values: s.values,
    valRef: `${absRef(sheet, col(i), first)}:$${columnLetter(col(i) - 1)}$${last}`,
    format: NUM_FORMATS[s.format] === '@' ? 'General' : NUM_FORMATS[s.format], color: PALETTE[i % PALETTE.length]!, line: s.type === 'line',
  }));
  p.extra.forEach((e, j) => {
    const c = col(chart.series.length + j);
    series.push({ idx: series.length, name: e.name, nameRef: absRef(sheet, c, p.dataRow), values: chart.categories.map(() => e.value),
      valRef: `${absRef(sheet, c, first)}:$${columnLetter(c - 1)}$${last}`, format: '0%', color: '868E96', line: true, dashed: true });
  });

  let plot: string;
  if (chart.kind === 'pareto') {
    const bars = series.filter((s) => !s.line);
    const lines = series.filter((s) => s.line);
    plot = `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>${bars.map((s) => serXml(s, catRef, chart.categories)).join('')}`
      + `<c:gapWidth val="50"/><c:axId val="1001"/><c:axId val="1002"/></c:barChart>`
      + `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${lines.map((s) => serXml(s, catRef, chart.categories)).join('')}`
      + `<c:marker val="1"/><c:axId val="1003"/><c:axId val="1004"/></c:lineChart>`
      + catAx(1001, 1002, 'b') + valAx(1002, 1001, 'l', { grid: true })
      + catAx(1003, 1004, 'b', true) + valAx(1004, 1003, 'r', { format: '0%', max: 1, crossesMax: true });
  } else {
    const horizontal = chart.kind === 'bar';
    plot = `<c:barChart><c:barDir val="${horizontal ? 'bar' : 'col'}"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series.map((s) => serXml(s, catRef, chart.categories)).join('')}`
      + `<c:gapWidth val="80"/><c:axId val="1001"/><c:axId val="1002"/></c:barChart>`
      + catAx(1001, 1002, horizontal ? 'l' : 'b') + valAx(1002, 1001, horizontal ? 't' : 'l', { grid: true, crossesMax: horizontal });
  }
  const title = `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr><a:r><a:rPr lang="en-US" sz="1200" b="1"/><a:t>${xmlEsc(chart.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>`;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n`
    + `<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}"><c:roundedCorners val="0"/>`
    + `<c:chart>${title}<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>${plot}</c:plotArea>`
    + `<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>`;
}

function drawingXml(placements: ChartPlacement[], firstRid: number): string {
  const anchors = placements.map((p, i) => {
    const { col, row, cols, rows } = p.at;
    return `<xdr:twoCellAnchor editAs="oneCell">`
      + `<xdr:from><xdr:col>${col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>`
      + `<xdr:to><xdr:col>${col + cols}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row + rows}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>`
      + `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${i + 2}" name="${xmlEsc(p.chart.title)}" descr="${xmlEsc(p.chart.alt)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>`
      + `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>`
      + `<a:graphic><a:graphicData uri="${NS_C}"><c:chart xmlns:c="${NS_C}" xmlns:r="${NS_R}" r:id="rId${firstRid + i}"/></a:graphicData></a:graphic>`
      + `</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`;
  }).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="${NS_XDR}" xmlns:a="${NS_A}">${anchors}</xdr:wsDr>`;
}

function rels(items: { id: string; type: string; target: string }[]): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${r.target}"/>`).join('')}</Relationships>`;
}

function freeName(zip: JSZip, pattern: (n: number) => string): number {
  let n = 1;
  while (zip.file(pattern(n))) n++;
  return n;
}

/** Elements that follow <drawing> in a worksheet (CT_Worksheet order): the drawing goes before the first of them. */
const AFTER_DRAWING = ['legacyDrawing', 'legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls', 'webPublishItems', 'tableParts', 'extLst'];

/**
 * Add native charts to an .xlsx written by ExcelJS: one drawing on `sheetName`
 * holding one chart part per placement. Returns the new file's bytes.
 */
export async function injectCharts(xlsx: Buffer | ArrayBuffer | Uint8Array, sheetName: string, placements: ChartPlacement[]): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  if (!placements.length) return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  const read = async (p: string) => {
    const f = zip.file(p);
    if (!f) throw new Error(`The workbook has no ${p}`);
    return f.async('string');
  };
  // Find the sheet's part through workbook.xml and its relationships.
  const workbookXml = await read('xl/workbook.xml');
  const sheetTag = [...workbookXml.matchAll(/<sheet\b[^>]*>/g)].map((m) => m[0]).find((t) => new RegExp(`\\bname="${xmlEsc(sheetName).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`).test(t));
  const rid = sheetTag && /\br:id="([^"]+)"/.exec(sheetTag)?.[1];
  if (!rid) throw new Error(`No sheet named ${sheetName} in the workbook`);
  const wbRels = await read('xl/_rels/workbook.xml.rels');
  const relTag = [...wbRels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => m[0]).find((t) => t.includes(`Id="${rid}"`));
  const target = relTag && /\bTarget="([^"]+)"/.exec(relTag)?.[1];
  if (!target) throw new Error(`No part for sheet ${sheetName}`);
  const sheetPath = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const sheetFile = sheetPath.split('/').pop()!;
  const sheetRelsPath = `xl/worksheets/_rels/${sheetFile}.rels`;

  const dn = freeName(zip, (n) => `xl/drawings/drawing${n}.xml`);
  let cn = freeName(zip, (n) => `xl/charts/chart${n}.xml`);
  const chartNames: string[] = [];
  for (const p of placements) {
    while (zip.file(`xl/charts/chart${cn}.xml`)) cn++;
    zip.file(`xl/charts/chart${cn}.xml`, chartXml(p, sheetName));
    chartNames.push(`chart${cn}.xml`);
    cn++;
  }
  zip.file(`xl/drawings/drawing${dn}.xml`, drawingXml(placements, 1));
  zip.file(`xl/drawings/_rels/drawing${dn}.xml.rels`, rels(chartNames.map((c, i) => ({ id: `rId${i + 1}`, type: REL_CHART, target: `../charts/${c}` }))));

  // The sheet's relationships: keep any that exist, add the drawing.
  let sheetRels = zip.file(sheetRelsPath) ? await read(sheetRelsPath) : rels([]);
  const used = new Set([...sheetRels.matchAll(/\bId="([^"]+)"/g)].map((m) => m[1]));
  let k = 1;
  while (used.has(`rIdDr${k}`)) k++;
  const drawingRid = `rIdDr${k}`;
  sheetRels = sheetRels.replace('</Relationships>', `<Relationship Id="${drawingRid}" Type="${REL_DRAWING}" Target="../drawings/drawing${dn}.xml"/></Relationships>`);
  zip.file(sheetRelsPath, sheetRels);

  let sheetXml = await read(sheetPath);
  if (/<drawing\b/.test(sheetXml)) throw new Error(`Sheet ${sheetName} already has a drawing`);
  if (!/xmlns:r="/.test(sheetXml.slice(0, 1000))) sheetXml = sheetXml.replace('<worksheet ', `<worksheet xmlns:r="${NS_R}" `);
  const tag = `<drawing r:id="${drawingRid}"/>`;
  const before = AFTER_DRAWING.map((e) => sheetXml.search(new RegExp(`<${e}[\\s>/]`))).filter((i) => i >= 0);
  const at = before.length ? Math.min(...before) : sheetXml.lastIndexOf('</worksheet>');
  sheetXml = sheetXml.slice(0, at) + tag + sheetXml.slice(at);
  zip.file(sheetPath, sheetXml);

  let types = await read('[Content_Types].xml');
  const overrides = [`<Override PartName="/xl/drawings/drawing${dn}.xml" ContentType="${CT_DRAWING}"/>`, ...chartNames.map((c) => `<Override PartName="/xl/charts/${c}" ContentType="${CT_CHART}"/>`)];
  types = types.replace('</Types>', `${overrides.join('')}</Types>`);
  zip.file('[Content_Types].xml', types);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** The report workbook with its charts, as bytes. */
export async function reportXlsx(input: ReportWorkbookInput): Promise<Buffer> {
  const { wb, placements } = buildReportWorkbook(input);
  const bytes = await wb.xlsx.writeBuffer();
  return injectCharts(Buffer.from(bytes as ArrayBuffer), DASHBOARD_SHEET, placements);
}

// ---------------------------------------------------------------- HTML

const htmlEsc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const SVG_COLORS = PALETTE.map((c) => `#${c}`);

/** A round axis maximum with 4 intervals; counts get whole-number ticks. */
function niceMax(v: number, whole = false): number {
  if (whole) {
    const raw = Math.max(1, Math.ceil(v / 4));
    const p = 10 ** Math.floor(Math.log10(raw));
    const step = raw < 10 ? raw : [1, 2, 2.5, 5, 10].map((m) => m * p).find((x) => x >= raw && Number.isInteger(x))!;
    return 4 * step;
  }
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

const fmtTick = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
const short = (s: string, n = 18) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function legend(chart: DashboardChart, x: number, y: number): string {
  let cx = x;
  const items = chart.series.map((s, i) => {
    const color = SVG_COLORS[i % SVG_COLORS.length]!;
    const mark = s.type === 'line'
      ? `<line x1="${cx}" y1="${y - 4}" x2="${cx + 14}" y2="${y - 4}" stroke="${color}" stroke-width="3"/>`
      : `<rect x="${cx}" y="${y - 10}" width="12" height="12" fill="${color}"/>`;
    const out = `${mark}<text x="${cx + 18}" y="${y}" class="lg">${htmlEsc(s.name)}</text>`;
    cx += 30 + s.name.length * 7;
    return out;
  });
  return items.join('');
}

/** An SVG drawing of a chart of the model (server-side; the page needs no script). */
export function chartSvg(chart: DashboardChart): string {
  const id = `chart-${chart.id}`;
  const W = 640;
  const head = (h: number) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${h}" width="100%" role="img" aria-labelledby="${id}-t ${id}-d"><title id="${id}-t">${htmlEsc(chart.title)}</title><desc id="${id}-d">${htmlEsc(chart.alt)}</desc>`;
  if (!chart.categories.length) return `${head(60)}<text x="10" y="35" class="ax">${htmlEsc(chart.alt)}</text></svg>`;
  const bars = chart.series.filter((s) => s.type !== 'line');
  const lines = chart.series.filter((s) => s.type === 'line');
  const n = chart.categories.length;
  const maxV = niceMax(Math.max(...bars.flatMap((s) => s.values), 0), bars.every((s) => s.format === 'int'));
  const parts: string[] = [];

  if (chart.kind === 'bar') {
    const left = 150, right = 30, top = 20, band = 26;
    const H = top + n * band + 50;
    const w = W - left - right;
    for (let t = 0; t <= 4; t++) {
      const x = left + (w * t) / 4;
      parts.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${top + n * band}" class="grid"/><text x="${x}" y="${top + n * band + 16}" class="ax" text-anchor="middle">${fmtTick((maxV * t) / 4)}</text>`);
    }
    const bh = (band - 8) / bars.length;
    chart.categories.forEach((c, i) => {
      const y = top + i * band + 4;
      parts.push(`<text x="${left - 6}" y="${y + (band - 8) / 2 + 4}" class="ax" text-anchor="end">${htmlEsc(short(c, 22))}</text>`);
      bars.forEach((s, j) => {
        const v = s.values[i] ?? 0;
        const bw = (w * v) / maxV;
        parts.push(`<rect x="${left}" y="${y + j * bh}" width="${bw.toFixed(1)}" height="${bh.toFixed(1)}" fill="${SVG_COLORS[chart.series.indexOf(s) % SVG_COLORS.length]}"><title>${htmlEsc(`${c}: ${formatValue(v, s.format)}`)}</title></rect>`);
        parts.push(`<text x="${(left + bw + 4).toFixed(1)}" y="${(y + j * bh + bh / 2 + 4).toFixed(1)}" class="val">${htmlEsc(formatValue(v, s.format))}</text>`);
      });
    });
    return `${head(H)}${parts.join('')}${legend(chart, left, H - 10)}</svg>`;
  }

  // column and pareto: vertical bars, optional line on a 0–100% right axis.
  const left = 50, right = chart.kind === 'pareto' ? 50 : 20, top = 20, plotH = 220;
  const H = top + plotH + 80;
  const w = W - left - right;
  const band = w / n;
  const bottom = top + plotH;
  for (let t = 0; t <= 4; t++) {
    const y = bottom - (plotH * t) / 4;
    parts.push(`<line x1="${left}" y1="${y}" x2="${left + w}" y2="${y}" class="grid"/><text x="${left - 6}" y="${y + 4}" class="ax" text-anchor="end">${fmtTick((maxV * t) / 4)}</text>`);
    if (chart.kind === 'pareto') parts.push(`<text x="${left + w + 6}" y="${y + 4}" class="ax">${t * 25}%</text>`);
  }
  const bw = (band * 0.75) / Math.max(1, bars.length);
  chart.categories.forEach((c, i) => {
    const x0 = left + i * band + band * 0.125;
    bars.forEach((s, j) => {
      const v = s.values[i] ?? 0;
      const h = (plotH * v) / maxV;
      parts.push(`<rect x="${(x0 + j * bw).toFixed(1)}" y="${(bottom - h).toFixed(1)}" width="${(bw - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${SVG_COLORS[chart.series.indexOf(s) % SVG_COLORS.length]}"><title>${htmlEsc(`${c} — ${s.name}: ${formatValue(v, s.format)}`)}</title></rect>`);
    });
    const cx = left + i * band + band / 2;
    parts.push(`<text x="${cx.toFixed(1)}" y="${bottom + 16}" class="ax" text-anchor="middle">${htmlEsc(short(c, Math.max(6, Math.floor(band / 7))))}</text>`);
  });
  for (const s of lines) {
    const color = SVG_COLORS[chart.series.indexOf(s) % SVG_COLORS.length]!;
    const pts = s.values.map((v, i) => `${(left + i * band + band / 2).toFixed(1)},${(bottom - plotH * Math.min(1, v)).toFixed(1)}`);
    parts.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="2.5"/>`);
    s.values.forEach((v, i) => parts.push(`<circle cx="${(left + i * band + band / 2).toFixed(1)}" cy="${(bottom - plotH * Math.min(1, v)).toFixed(1)}" r="3.5" fill="${color}"><title>${htmlEsc(`${chart.categories[i]} — ${s.name}: ${formatValue(v, s.format)}`)}</title></circle>`));
  }
  if (chart.goalLine) {
    const y = bottom - plotH * chart.goalLine.value;
    parts.push(`<line x1="${left}" y1="${y}" x2="${left + w}" y2="${y}" stroke="#868E96" stroke-dasharray="6 4"/><text x="${left + w - 4}" y="${y - 4}" class="ax" text-anchor="end">${htmlEsc(chart.goalLine.label)}</text>`);
  }
  parts.push(`<line x1="${left}" y1="${bottom}" x2="${left + w}" y2="${bottom}" stroke="#333"/>`);
  return `${head(H)}${parts.join('')}${legend(chart, left, H - 14)}</svg>`;
}

function tableHtml(t: DashboardTable): string {
  const head = `<thead><tr>${t.headers.map((h, i) => `<th scope="col"${i > 0 && (t.formats[i] ?? 'text') !== 'text' ? ' class="num"' : ''}>${htmlEsc(h)}</th>`).join('')}</tr></thead>`;
  const body = t.rows.length
    ? t.rows.map((r) => `<tr>${r.map((v, i) => {
      const text = htmlEsc(formatValue(v, t.formats[i] ?? 'text'));
      const num = typeof v === 'number' ? ' class="num"' : '';
      const status = t.id === 'kpis' && i === 3 && (v === 'met' || v === 'missed') ? ` class="${v}"` : '';
      return i === 0 ? `<th scope="row">${text}</th>` : `<td${num}${status}>${text}</td>`;
    }).join('')}</tr>`).join('\n')
    : `<tr><td colspan="${t.headers.length}">${htmlEsc(t.note ?? 'None.')}</td></tr>`;
  return `<section aria-labelledby="t-${t.id}"><h2 id="t-${t.id}">${htmlEsc(t.title)}</h2><div class="scroll"><table><caption class="sr">${htmlEsc(t.title)}</caption>${head}<tbody>${body}</tbody></table></div>${t.note && t.rows.length ? `<p class="note">${htmlEsc(t.note)}</p>` : ''}</section>`;
}

const CSS = `
:root{--accent:#1F6F78;--ink:#1b1b1b;--muted:#555;--line:#d9d9d9}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--ink);background:#fff}
main{max-width:1100px;margin:0 auto;padding:24px}h1{color:var(--accent);margin:0 0 4px;font-size:24px}h2{color:var(--accent);font-size:17px;margin:28px 0 8px}
.sub{color:var(--muted);margin:0 0 16px}.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:12px;list-style:none;padding:0;margin:0}
.tile{border:1px solid var(--line);border-left:6px solid #868E96;border-radius:6px;padding:10px 12px}.tile.met{border-left-color:#2F9E44}.tile.missed{border-left-color:#C92A2A}
.tile .l{color:var(--muted);font-size:12px}.tile .v{font-size:24px;font-weight:600}.tile .g{font-size:12px;color:var(--muted)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:8px}
figcaption{font-weight:600;margin-bottom:4px}.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}thead th{background:var(--accent);color:#fff}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}td.met{background:#D3F9D8}td.missed{background:#FFE3E3}.note{color:var(--muted);font-size:12px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
svg .grid{stroke:#e5e5e5}svg .ax{font-size:11px;fill:#444}svg .val{font-size:11px;fill:#222}svg .lg{font-size:12px;fill:#222}
@media print{main{padding:0}.charts{grid-template-columns:1fr 1fr}}
`;

/** The dashboard as one self-contained HTML page: inline CSS and SVG, no script, no external URL. */
export function dashboardHtml(model: DashboardModel, extraSections: { title: string; html: string }[] = []): string {
  const tiles = model.tiles.map((t) => `<li class="tile ${t.status}"><div class="l">${htmlEsc(t.label)}</div><div class="v">${htmlEsc(t.value)}</div>${t.goal ? `<div class="g">Goal ${htmlEsc(t.goal)} — ${t.status === 'met' ? 'met' : t.status === 'missed' ? 'not met' : 'no data'}</div>` : ''}</li>`).join('\n');
  const charts = model.charts.map((c) => `<figure>${chartSvg(c)}<figcaption>${htmlEsc(c.title)}</figcaption></figure>`).join('\n');
  const tables = model.tables.map(tableHtml).join('\n');
  const extra = extraSections.map((s) => `<section><h2>${htmlEsc(s.title)}</h2>${s.html}</section>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${htmlEsc(model.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header><h1>${htmlEsc(model.title)}</h1><p class="sub">${htmlEsc(model.subtitle)}</p></header>
<section aria-labelledby="kpi-tiles"><h2 id="kpi-tiles">Key figures</h2><ul class="tiles">
${tiles}
</ul></section>
<section aria-labelledby="charts"><h2 id="charts">Charts</h2><div class="charts">
${charts}
</div></section>
${tables}
${extra}
</main>
</body>
</html>
`;
}
