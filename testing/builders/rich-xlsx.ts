import JSZip from 'jszip';
import type ExcelJS from 'exceljs';

/**
 * A partner's workbook with the parts ExcelJS does not model, written by hand
 * as OOXML on a sheet named `Summary`: a chart (drawing + chart part), a pivot
 * table with its cache definition and records, plus a defined name, a
 * conditional format and a data validation made through ExcelJS.
 */
export async function richWorkbook(wb: ExcelJS.Workbook): Promise<Buffer> {
  const ws = wb.addWorksheet('Summary');
  ws.addRow(['Country', 'Sites']);
  ws.addRow(['US', 3]);
  ws.addRow(['GB', 2]);
  ws.addConditionalFormatting({ ref: 'B2:B3', rules: [{ type: 'cellIs', operator: 'greaterThan', formulae: ['2'], priority: 1, style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFC7CE' } } } }] });
  ws.getCell('B2').dataValidation = { type: 'whole', operator: 'greaterThanOrEqual', allowBlank: true, formulae: [0] };
  wb.definedNames.add('Summary!$A$1:$B$3', 'SiteTotals');
  const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
  const wbXml = await zip.file('xl/workbook.xml')!.async('string');
  const wbRels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const sheetRid = /<sheet [^>]*name="Summary"[^>]*r:id="(rId\d+)"/.exec(wbXml)![1]!;
  const target = new RegExp(`Id="${sheetRid}"[^>]*Target="([^"]+)"`).exec(wbRels)![1]!;
  const sheetPart = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const sheetRelsPart = sheetPart.replace(/([^/]+)$/, '_rels/$1.rels');
  const sheetRels = zip.file(sheetRelsPart) ? await zip.file(sheetRelsPart)!.async('string') : '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
  zip.file(sheetRelsPart, sheetRels.replace('</Relationships>', '<Relationship Id="rIdChart9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing1.xml"/><Relationship Id="rIdPivot9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotTable" Target="../pivotTables/pivotTable1.xml"/></Relationships>'));
  const sheetXml = await zip.file(sheetPart)!.async('string');
  const drawingAt = sheetXml.search(/<legacyDrawing\b|<tableParts\b|<extLst\b|<\/worksheet>/);
  zip.file(sheetPart, `${sheetXml.slice(0, drawingAt)}<drawing r:id="rIdChart9"/>${sheetXml.slice(drawingAt)}`);
  zip.file('xl/drawings/drawing1.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:twoCellAnchor><xdr:from><xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>9</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>15</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Chart 1"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>`);
  zip.file('xl/drawings/_rels/drawing1.xml.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="../charts/chart1.xml"/></Relationships>');
  zip.file('xl/charts/chart1.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><c:chart><c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:ser><c:idx val="0"/><c:order val="0"/><c:cat><c:strRef><c:f>Summary!$A$2:$A$3</c:f></c:strRef></c:cat><c:val><c:numRef><c:f>Summary!$B$2:$B$3</c:f></c:numRef></c:val></c:ser><c:axId val="1"/><c:axId val="2"/></c:barChart><c:catAx><c:axId val="1"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:axPos val="b"/><c:crossAx val="2"/></c:catAx><c:valAx><c:axId val="2"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:axPos val="l"/><c:crossAx val="1"/></c:valAx></c:plotArea></c:chart></c:chartSpace>`);
  zip.file('xl/pivotCache/pivotCacheDefinition1.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1" recordCount="2"><cacheSource type="worksheet"><worksheetSource ref="A1:B3" sheet="Summary"/></cacheSource><cacheFields count="2"><cacheField name="Country" numFmtId="0"><sharedItems count="2"><s v="US"/><s v="GB"/></sharedItems></cacheField><cacheField name="Sites" numFmtId="0"><sharedItems containsSemiMixedTypes="0" containsString="0" containsNumber="1" containsInteger="1" minValue="2" maxValue="3"/></cacheField></cacheFields></pivotCacheDefinition>`);
  zip.file('xl/pivotCache/pivotCacheRecords1.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2"><r><x v="0"/><n v="3"/></r><r><x v="1"/><n v="2"/></r></pivotCacheRecords>');
  zip.file('xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotCacheRecords" Target="pivotCacheRecords1.xml"/></Relationships>');
  zip.file('xl/pivotTables/pivotTable1.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotTableDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" name="PivotTable1" cacheId="7" dataCaption="Values"><location ref="D18:E21" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/><pivotFields count="2"><pivotField axis="axisRow" showAll="0"><items count="3"><item x="0"/><item x="1"/><item t="default"/></items></pivotField><pivotField dataField="1" showAll="0"/></pivotFields><rowFields count="1"><field x="0"/></rowFields><dataFields count="1"><dataField name="Sum of Sites" fld="1" baseField="0" baseItem="0"/></dataFields></pivotTableDefinition>`);
  zip.file('xl/pivotTables/_rels/pivotTable1.xml.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotCacheDefinition" Target="../pivotCache/pivotCacheDefinition1.xml"/></Relationships>');
  zip.file('xl/_rels/workbook.xml.rels', wbRels.replace('</Relationships>', '<Relationship Id="rIdCache9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotCacheDefinition" Target="pivotCache/pivotCacheDefinition1.xml"/></Relationships>'));
  const pivotCaches = '<pivotCaches><pivotCache cacheId="7" r:id="rIdCache9"/></pivotCaches>';
  const at = wbXml.search(/<fileRecoveryPr\b|<webPublishing\b|<extLst\b|<\/workbook>/);
  zip.file('xl/workbook.xml', `${wbXml.slice(0, at)}${pivotCaches}${wbXml.slice(at)}`);
  const types = await zip.file('[Content_Types].xml')!.async('string');
  zip.file('[Content_Types].xml', types.replace('</Types>', [
    ['/xl/drawings/drawing1.xml', 'application/vnd.openxmlformats-officedocument.drawing+xml'],
    ['/xl/charts/chart1.xml', 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml'],
    ['/xl/pivotCache/pivotCacheDefinition1.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml'],
    ['/xl/pivotCache/pivotCacheRecords1.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheRecords+xml'],
    ['/xl/pivotTables/pivotTable1.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.pivotTable+xml'],
  ].map(([p, t]) => `<Override PartName="${p}" ContentType="${t}"/>`).join('') + '</Types>'));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
