import {
  Button, Menu, MenuItem, MenuList, MenuPopover, MenuTrigger, Overflow, OverflowItem, Tab, TabList,
  makeStyles, tokens, useIsOverflowItemVisible, useOverflowMenu,
} from '@fluentui/react-components';
import { ChevronDownRegular } from '@fluentui/react-icons';
import type { PanelEntry } from '../panels';

/**
 * The pane's navigation at any task-pane width (Excel's pane is 320–450 px):
 * Fluent's overflow pattern for the tab list. Tabs that do not fit move into a
 * "More" menu instead of pushing the row sideways; the open tab always stays
 * in the row (highest priority), so the tab panel is always labelled by a
 * visible tab. The More button sits beside the tab list, not inside it, so the
 * tablist owns only tabs (what screen readers and axe expect).
 */

const useStyles = makeStyles({
  row: {
    display: 'flex', alignItems: 'center', minWidth: 0, overflow: 'hidden',
    padding: `0 ${tokens.spacingHorizontalS}`, borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  tabs: { minWidth: 0, flexWrap: 'nowrap' },
  more: { flexShrink: 0, minWidth: 'auto' },
});

export interface PanelTabsProps {
  panels: PanelEntry[];
  selected: string | undefined;
  onSelect: (id: string) => void;
}

export function PanelTabs({ panels, selected, onSelect }: PanelTabsProps) {
  const styles = useStyles();
  return (
    <Overflow minimumVisible={1} padding={8}>
      <div className={styles.row} data-testid="panel-nav">
        <TabList
          className={styles.tabs}
          selectedValue={selected}
          onTabSelect={(_, d) => onSelect(String(d.value))}
          aria-label="CTMS Collect panels"
        >
          {panels.map((p) => (
            <OverflowItem key={p.id} id={p.id} priority={p.id === selected ? 2 : 1}>
              <Tab value={p.id} id={`tab-${p.id}`} aria-controls={`panel-${p.id}`}>{p.label}</Tab>
            </OverflowItem>
          ))}
        </TabList>
        <MorePanels panels={panels} onSelect={onSelect} className={styles.more} />
      </div>
    </Overflow>
  );
}

function MorePanels({ panels, onSelect, className }: { panels: PanelEntry[]; onSelect: (id: string) => void; className: string }) {
  const { ref, isOverflowing, overflowCount } = useOverflowMenu<HTMLButtonElement>();
  if (!isOverflowing) return null;
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <Button
          ref={ref}
          className={className}
          appearance="transparent"
          icon={<ChevronDownRegular />}
          iconPosition="after"
          aria-label={`More panels (${overflowCount})`}
          data-testid="more-panels"
        >
          More
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {panels.map((p) => <HiddenPanelItem key={p.id} panel={p} onSelect={onSelect} />)}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}

/** A menu entry for each tab that did not fit; the ones in the row are not repeated. */
function HiddenPanelItem({ panel, onSelect }: { panel: PanelEntry; onSelect: (id: string) => void }) {
  const visible = useIsOverflowItemVisible(panel.id);
  if (visible) return null;
  return <MenuItem onClick={() => onSelect(panel.id)}>{panel.label}</MenuItem>;
}
