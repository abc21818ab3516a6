/** Types for scripts/manifest-validate-lib.js (offline XSD validation of the add-in manifest). */
export interface ManifestError {
  /** 1-based line in the manifest, or null when the error is not tied to a line. */
  line: number | null;
  message: string;
}
export interface ManifestValidation {
  valid: boolean;
  errors: ManifestError[];
}
export interface ValidateOptions {
  /** Name used in messages (default manifest.xml). */
  fileName?: string;
  /** Folder holding OfficeAppManifestV1_1.xsd and the XSDs it imports (default schemas/office-addin-manifest). */
  schemaDir?: string;
  /** Require Host Workbook and an ExcelApi requirement set (default true). */
  requireWorkbook?: boolean;
}
export const SCHEMA_DIR: string;
export function validateManifest(xml: string, options?: ValidateOptions): Promise<ManifestValidation>;
export function validateManifestFile(file: string, options?: ValidateOptions): Promise<ManifestValidation>;
export function formatErrors(file: string, errors: ManifestError[]): string;
