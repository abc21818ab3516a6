import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * The pane's tabs, in order. A later capability (duplicates, submission,
 * dashboard) adds its panel by adding one entry here; panels load lazily so
 * the first paint carries only the shell.
 */
export interface PanelEntry {
  id: string;
  label: string;
  /** One line shown under the tab list while the panel is open. */
  description: string;
  component: LazyExoticComponent<ComponentType>;
}

export const PANELS: PanelEntry[] = [
  {
    id: 'template',
    label: 'Template',
    description: 'Create the collection sheets of the standard in this workbook.',
    component: lazy(() => import('./panels/TemplatePanel')),
  },
  {
    id: 'map',
    label: 'Map',
    description: 'When a partner’s sheets and headers are their own: which of the standard’s sheets and columns they hold.',
    component: lazy(() => import('./panels/MapPanel')),
  },
  {
    id: 'validate',
    label: 'Validate',
    description: 'Check every sheet against the standard, then fix or accept proposed changes.',
    component: lazy(() => import('./panels/ValidatePanel')),
  },
  {
    id: 'duplicates',
    label: 'Duplicates',
    description: 'Find records entered twice and decide: merge into one, or keep both.',
    component: lazy(() => import('./panels/DuplicatesPanel')),
  },
  {
    id: 'submit',
    label: 'Submit',
    description: 'Sign in to the target CTMS, dry run, submit in logged batches, reconcile, roll back.',
    component: lazy(() => import('./panels/SubmitPanel')),
  },
  {
    id: 'dashboard',
    label: 'Dashboard',
    description: 'Key figures, top causes of errors and progress by study; a Dashboard sheet to send; the audit trail to export.',
    component: lazy(() => import('./panels/DashboardPanel')),
  },
  {
    id: 'qc',
    label: 'Quality control',
    description: 'Draw a sample for manual review into QC sheets, then see the QC error rate, the lot decision and the top causes.',
    component: lazy(() => import('./panels/QcPanel')),
  },
  {
    id: 'settings',
    label: 'Settings',
    description: 'Date order of the source data, the standard to check against, and how to reach the target CTMS.',
    component: lazy(() => import('./panels/SettingsPanel')),
  },
];
