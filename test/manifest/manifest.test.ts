import * as fs from 'fs';
import * as path from 'path';
import { SCHEMA_DIR, validateManifest, validateManifestFile } from '../../scripts/manifest-validate-lib';

const root = path.resolve(__dirname, '..', '..');
const manifestPath = path.join(root, 'manifest.xml');
const shipped = fs.readFileSync(manifestPath, 'utf8');

describe('add-in manifest (offline XSD validation)', () => {
  it('uses the XSDs copied into the repository, not ../shared', () => {
    expect(SCHEMA_DIR).toBe(path.join(root, 'schemas', 'office-addin-manifest'));
    for (const f of ['OfficeAppManifestV1_1.xsd', 'OfficeAppBasicTypesV1_0.xsd', 'TaskPaneAppVersionOverridesV1_0.xsd', 'SOURCE.md']) {
      expect(fs.existsSync(path.join(SCHEMA_DIR, f))).toBe(true);
    }
  });

  it('accepts the shipped manifest', async () => {
    const result = await validateManifestFile(manifestPath);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('declares an Excel task pane with a Home-tab button, ExcelApi 1.7 and the four icons', () => {
    expect(shipped).toMatch(/<Host Name="Workbook"\/>/);
    expect(shipped).toMatch(/<Set Name="ExcelApi" MinVersion="1\.7"\/>/);
    expect(shipped).toMatch(/<OfficeTab id="TabHome">/);
    expect(shipped).toMatch(/<Action xsi:type="ShowTaskpane">/);
    expect(shipped).toMatch(/<SourceLocation DefaultValue="https:\/\/localhost:3000\/taskpane.html"\/>/);
    expect(shipped).toMatch(/<Id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}<\/Id>/);
    for (const size of [16, 32, 64, 80]) {
      expect(shipped).toContain(`https://localhost:3000/assets/icon-${size}.png`);
    }
  });

  it('rejects a manifest without an Id, with a line number', async () => {
    const broken = shipped.replace(/<Id>[^<]*<\/Id>/, '');
    const result = await validateManifest(broken);
    expect(result.valid).toBe(false);
    expect(result.errors[0].message).toMatch(/Id/);
    expect(result.errors[0].line).toEqual(expect.any(Number));
  });

  it('rejects a malformed requirement set version', async () => {
    const broken = shipped.replace('MinVersion="1.7"', 'MinVersion="latest"');
    const result = await validateManifest(broken);
    expect(result.valid).toBe(false);
    expect(result.errors.map((e) => e.message).join('\n')).toMatch(/MinVersion/);
  });

  it('rejects a manifest that declares no ExcelApi requirement', async () => {
    const broken = shipped.replace(/<Requirements>[\s\S]*?<\/Requirements>/, '');
    const result = await validateManifest(broken);
    expect(result.valid).toBe(false);
    expect(result.errors[0].message).toMatch(/ExcelApi/);
  });

  it('rejects an unknown element and XML that is not well-formed', async () => {
    const unknown = await validateManifest(shipped.replace('<Permissions>', '<Runtimes/><Permissions>'));
    expect(unknown.valid).toBe(false);
    expect(unknown.errors[0].message).toMatch(/Runtimes/);
    const truncated = await validateManifest(shipped.replace('</OfficeApp>', ''));
    expect(truncated.valid).toBe(false);
    expect(truncated.errors.length).toBeGreaterThan(0);
  });

  it('rejects a resid that points at no resource', async () => {
    const result = await validateManifest(shipped.replace('resid="Taskpane.Url"', 'resid="Missing.Url"'));
    expect(result.valid).toBe(false);
    expect(result.errors[0].message).toMatch(/Missing\.Url/);
  });
});
