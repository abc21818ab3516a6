import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { validateManifest } from '../../scripts/manifest-validate-lib';

// Plain CommonJS build helpers (also used by webpack.config.js and npm run build).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const urls = require('../../scripts/manifest-urls') as {
  DEV_BASE_URL: string;
  normaliseBaseUrl(u: string): string;
  prodBaseUrl(env: Record<string, string | undefined>): string;
  supportUrl(env: Record<string, string | undefined>): string | null;
  rewriteManifestUrls(xml: string, base: string, support?: string | null): string;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const budget = require('../../scripts/bundle-size') as {
  scriptSources(html: string): string[];
  measure(o: { dist: string; page: string }): { scripts: { src: string; gzip: number }[]; totalGzip: number };
};

const shipped = fs.readFileSync(path.resolve(__dirname, '..', '..', 'manifest.xml'), 'utf8');

describe('production manifest URLs', () => {
  it('rewrites every localhost URL to ADDIN_PROD_URL and still validates', async () => {
    const prod = urls.rewriteManifestUrls(shipped, 'https://addins.example.org/ctms');
    expect(prod).not.toMatch(/localhost/);
    expect(prod).toContain('<SourceLocation DefaultValue="https://addins.example.org/ctms/taskpane.html"/>');
    expect(prod).toContain('<AppDomain>https://addins.example.org</AppDomain>');
    const result = await validateManifest(prod, { fileName: 'manifest.prod.xml' });
    expect(result.errors).toEqual([]);
  });

  it('points SupportUrl at the add-in\'s own support page, or at ADDIN_SUPPORT_URL (https only)', async () => {
    expect(shipped).toContain('<SupportUrl DefaultValue="https://localhost:3000/support.html"/>');
    expect(fs.existsSync(path.resolve(__dirname, '..', '..', 'src', 'support.html'))).toBe(true);
    expect(urls.rewriteManifestUrls(shipped, 'https://addins.example.org/')).toContain('<SupportUrl DefaultValue="https://addins.example.org/support.html"/>');
    const support = urls.supportUrl({ ADDIN_SUPPORT_URL: 'https://help.example.org/ctms?team=data&x="1"' })!;
    const prod = urls.rewriteManifestUrls(shipped, 'https://addins.example.org/', support);
    expect(prod).toContain('<SupportUrl DefaultValue="https://help.example.org/ctms?team=data&amp;x=%221%22"/>');
    expect((await validateManifest(prod, { fileName: 'manifest.prod.xml' })).errors).toEqual([]);
    expect(urls.supportUrl({})).toBeNull();
    expect(() => urls.supportUrl({ ADDIN_SUPPORT_URL: 'http://help.example.org/' })).toThrow(/https/);
  });

  it('defaults to a placeholder https URL and refuses http', () => {
    expect(urls.prodBaseUrl({})).toBe('https://ctms-collect.example.com/');
    expect(urls.prodBaseUrl({ ADDIN_PROD_URL: 'https://x.example/app' })).toBe('https://x.example/app/');
    expect(() => urls.normaliseBaseUrl('http://x.example/')).toThrow(/https/);
    expect(() => urls.normaliseBaseUrl('not a url')).toThrow(/not a URL/);
  });
});

describe('bundle-size script', () => {
  it('finds local script tags in minified and plain HTML, skipping the office.js CDN', () => {
    const html =
      '<script src=https://appsforoffice.microsoft.com/lib/1/hosted/office.js></script>' +
      '<script defer src=react.1.js></script><script defer="defer" src="taskpane.2.js"></script>';
    expect(budget.scriptSources(html)).toEqual(['react.1.js', 'taskpane.2.js']);
  });

  it('sums the gzip size of the scripts a page loads', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-size-'));
    fs.writeFileSync(path.join(dir, 'a.js'), 'console.log("a");'.repeat(100));
    fs.writeFileSync(path.join(dir, 'p.html'), '<script src="//cdn.example/x.js"></script><script src="./a.js"></script>');
    const r = budget.measure({ dist: dir, page: 'p.html' });
    expect(r.scripts.map((s) => s.src)).toEqual(['./a.js']);
    expect(r.totalGzip).toBeGreaterThan(0);
    expect(r.totalGzip).toBeLessThan(1700);
  });
});
