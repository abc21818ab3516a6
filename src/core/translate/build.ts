import type { Standard } from '../standard/schema';
import type { WorkbookData } from '../model/sheet';
import { loadRomanizers } from '../transform/romanize/load';
import type { Glossary } from './glossary';
import { translationWorklist, type WorklistRow } from './worklist';

/**
 * The worklist with its suggested readings: the romanization libraries are
 * loaded when there is anything to list (an organization name in Chinese
 * needs a reading as much as a person's name; validation loads them only for
 * names), and not at all for a workbook with nothing to translate.
 */
export async function buildWorklist(std: Standard, wb: WorkbookData, glossary?: Glossary): Promise<WorklistRow[]> {
  const bare = translationWorklist(std, wb, { glossary });
  if (!bare.length) return bare;
  return translationWorklist(std, wb, { glossary, romanizers: await loadRomanizers() });
}
