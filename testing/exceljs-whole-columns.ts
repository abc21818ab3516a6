/**
 * Jest setup for every test file: the same ExcelJS reader the CLI uses (src/cli/xlsx-validations.ts).
 * Workbooks made from our template carry whole-column validations (`A2:A1048576`); a test that
 * reads one with plain ExcelJS would otherwise expand each into a million cells and run for minutes.
 */
import '../src/cli/xlsx-validations';
