import { VerticalBarChart, type VerticalBarChartDataPoint } from '@fluentui/react-charts';
import { makeStyles, tokens } from '@fluentui/react-components';
import type { DashboardChart } from '../../core/kpi/dashboard';
import { formatValue } from '../../core/kpi/dashboard';

const useStyles = makeStyles({
  figure: { margin: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  caption: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

/**
 * The Pareto of the dashboard model: errors per category as columns and the
 * cumulative share as a line on a secondary 0–100% axis (the library's
 * bar + line combination). The model's alt text is the accessible description;
 * the table under the chart carries the same numbers for keyboard users.
 */
export default function ParetoChart({ chart, width = 330 }: { chart: DashboardChart; width?: number }) {
  const styles = useStyles();
  const counts = chart.series.find((s) => s.axis !== 'secondary') ?? chart.series[0];
  const cumulative = chart.series.find((s) => s.axis === 'secondary');
  const data: VerticalBarChartDataPoint[] = chart.categories.map((c, i) => ({
    x: c,
    y: counts?.values[i] ?? 0,
    legend: counts?.name ?? 'Errors',
    yAxisCalloutData: formatValue(counts?.values[i] ?? 0, 'int'),
    ...(cumulative ? { lineData: { y: Math.round((cumulative.values[i] ?? 0) * 1000) / 10, useSecondaryYScale: true, yAxisCalloutData: formatValue(cumulative.values[i] ?? 0, 'percent') } } : {}),
  }));
  return (
    <figure className={styles.figure} data-testid={`chart-${chart.id}`}>
      <VerticalBarChart
        data={data}
        width={width}
        height={240}
        chartTitle={chart.title}
        yAxisTitle={counts?.name}
        secondaryYAxistitle={cumulative ? `${cumulative.name} (%)` : undefined}
        secondaryYScaleOptions={cumulative ? { yMinValue: 0, yMaxValue: 100 } : undefined}
        lineLegendText={cumulative?.name}
        useSingleColor
        hideLabels
        roundCorners
        wrapXAxisLables
        svgProps={{ 'aria-label': chart.alt }}
      />
      <figcaption className={styles.caption}>{chart.alt}</figcaption>
    </figure>
  );
}
