import { formatRect, type Rect } from './address';
import { FakeObject, jsonSize, type FakeContext, type LoadSpec } from './context';
import { FakeExcelError } from './errors';
import { outValue, type FakeSheet } from './model';
import type { FakeRange } from './range';

/**
 * Charts of the fake object model: enough of Excel.ChartCollection / Chart /
 * ChartSeries / ChartAxis for the adapter's Dashboard sheet. Like the rest of
 * the fake, proxies queue actions applied at sync and throw until loaded;
 * series-level chart types (ExcelApi 1.7) and axis groups (1.8) throw
 * ApiNotFound on an older host so the adapter's fallbacks are exercised.
 * The series are read from the source range when the chart is added, as
 * Excel does (first row = series names, first column = categories, by columns).
 */

export interface ChartSeriesSpec {
  name: string;
  values: (string | number | boolean)[];
  chartType: string | null;
  axisGroup: 'Primary' | 'Secondary';
}

export interface ChartAxisSpec { numberFormat: string | null; minimum: number | null; maximum: number | null; title: string | null }

export interface ChartSpec {
  id: string;
  name: string;
  chartType: string;
  /** "Sheet!A1:C5" the chart was made from. */
  source: string;
  seriesBy: string;
  title: string | null;
  /** Top-left and bottom-right cells set by setPosition. */
  position: { start: string; end: string | null } | null;
  categories: (string | number | boolean)[];
  series: ChartSeriesSpec[];
  /** Keyed "Value|Primary", "Value|Secondary", "Category|Primary". */
  axes: Record<string, ChartAxisSpec>;
  legend: string | null;
}

const CHART_TYPES = new Set(['ColumnClustered', 'ColumnStacked', 'BarClustered', 'BarStacked', 'Line', 'LineMarkers', 'Pie', 'Doughnut', 'Area', 'XYScatter', 'Pareto']);

/** Charts are kept per sheet id, outside FakeSheet, so the sheet model needs no change. */
const store = new WeakMap<FakeSheet, ChartSpec[]>();
export function chartsOf(sheet: FakeSheet): ChartSpec[] {
  let list = store.get(sheet);
  if (!list) store.set(sheet, (list = []));
  return list;
}

function apiNotFound(what: string, set: string): FakeExcelError {
  return new FakeExcelError('ApiNotFound', `The API you are trying to use could not be found (${what} needs ExcelApi ${set}).`);
}

function build(sheet: FakeSheet, rect: Rect, seriesBy: string): Pick<ChartSpec, 'categories' | 'series'> {
  const v = (r: number, c: number) => outValue(sheet.get(r, c));
  const series: ChartSeriesSpec[] = [];
  const categories: (string | number | boolean)[] = [];
  if (seriesBy === 'Rows') {
    for (let c = rect.c0 + 1; c <= rect.c1; c++) categories.push(v(rect.r0, c));
    for (let r = rect.r0 + 1; r <= rect.r1; r++) {
      const values: (string | number | boolean)[] = [];
      for (let c = rect.c0 + 1; c <= rect.c1; c++) values.push(v(r, c));
      series.push({ name: String(v(r, rect.c0)), values, chartType: null, axisGroup: 'Primary' });
    }
  } else {
    for (let r = rect.r0 + 1; r <= rect.r1; r++) categories.push(v(r, rect.c0));
    for (let c = rect.c0 + 1; c <= rect.c1; c++) {
      const values: (string | number | boolean)[] = [];
      for (let r = rect.r0 + 1; r <= rect.r1; r++) values.push(v(r, c));
      series.push({ name: String(v(rect.r0, c)), values, chartType: null, axisGroup: 'Primary' });
    }
  }
  return { categories, series };
}

export class FakeChartCollection extends FakeObject {
  private itemList: FakeChart[] | null = null;
  constructor(ctx: FakeContext, private readonly sheet: () => FakeSheet) { super(ctx, 'ChartCollection'); }
  protected read(_prop: string): unknown { return undefined; }

  add(type: string, source: FakeRange, seriesBy: string = 'Auto'): FakeChart {
    let spec: ChartSpec | undefined;
    this.context.queue(jsonSize(type) + jsonSize(seriesBy) + 40, () => {
      if (!CHART_TYPES.has(type)) throw new FakeExcelError('InvalidArgument', `Chart type ${type} is not modelled`);
      const sheet = this.sheet();
      const { sheet: from, rect } = source.area();
      const list = chartsOf(sheet);
      const id = this.context.env.workbook.newId('{fake-chart');
      spec = {
        id, name: `Chart ${list.length + 1}`, chartType: type, source: `${from.name}!${formatRect(rect)}`, seriesBy: seriesBy === 'Rows' ? 'Rows' : 'Columns',
        title: null, position: null, legend: 'Right', axes: {},
        ...build(from, rect, seriesBy),
      };
      list.push(spec);
    });
    return new FakeChart(this.context, () => spec, this.sheet);
  }

  getItem(name: string): FakeChart {
    const find = () => chartsOf(this.sheet()).find((c) => c.name === name);
    const c = new FakeChart(this.context, find, this.sheet);
    this.context.queue(jsonSize(name), () => { if (!find()) throw new FakeExcelError('ItemNotFound', `Chart ${name} does not exist.`); });
    return c;
  }

  override load(_spec?: LoadSpec): this {
    this.context.queue(10, () => {
      const list = chartsOf(this.sheet());
      this.itemList = list.map((s) => new FakeChart(this.context, () => s, this.sheet));
      for (const c of this.itemList) c.loadNowAll();
      return jsonSize(list.map((s) => ({ name: s.name, chartType: s.chartType })));
    });
    return this;
  }

  get items(): FakeChart[] {
    if (!this.itemList) throw new FakeExcelError('PropertyNotLoaded', "The property 'items' is not available. Call load and context.sync() first.");
    return this.itemList;
  }
}

export class FakeChart extends FakeObject {
  readonly title: FakeChartTitle;
  readonly series: FakeChartSeriesCollection;
  readonly axes: FakeChartAxes;
  readonly legend: { position: string; visible: boolean };

  constructor(ctx: FakeContext, private readonly locate: () => ChartSpec | undefined, private readonly sheet: () => FakeSheet) {
    super(ctx, 'Chart');
    this.title = new FakeChartTitle(ctx, () => this.spec());
    this.series = new FakeChartSeriesCollection(ctx, () => this.spec());
    this.axes = new FakeChartAxes(ctx, () => this.spec());
    const spec = () => this.spec();
    this.legend = {
      get position(): string { throw new FakeExcelError('PropertyNotLoaded', 'ChartLegend.position is write-only in the fake'); },
      set position(v: string) { ctx.queue(jsonSize(v), () => { spec().legend = v; }); },
      get visible(): boolean { throw new FakeExcelError('PropertyNotLoaded', 'ChartLegend.visible is write-only in the fake'); },
      set visible(v: boolean) { ctx.queue(8, () => { if (!v) spec().legend = null; }); },
    };
  }

  spec(): ChartSpec {
    const s = this.locate();
    if (!s) throw new FakeExcelError('ItemNotFound', 'The requested resource does not exist (chart).');
    return s;
  }
  loadNowAll(): void { this.loadNow(); }
  protected override defaultProps() { return ['name', 'id', 'chartType']; }
  protected read(prop: string): unknown {
    const s = this.spec();
    switch (prop) {
      case 'name': return s.name;
      case 'id': return s.id;
      case 'chartType': return s.chartType;
      default: throw new FakeExcelError('InvalidArgument', `Chart.${prop} is not modelled`);
    }
  }
  get name(): string { return this.get('name'); }
  set name(v: string) { this.context.queue(jsonSize(v), () => { this.spec().name = v; }); }
  get id(): string { return this.get('id'); }
  get chartType(): string { return this.get('chartType'); }
  set chartType(v: string) { this.context.queue(jsonSize(v), () => { this.spec().chartType = v; }); }
  setPosition(start: string | FakeRange, end?: string | FakeRange): void {
    const addr = (x: string | FakeRange) => (typeof x === 'string' ? x : formatRect(x.area().rect));
    this.context.queue(40, () => { this.spec().position = { start: addr(start), end: end === undefined ? null : addr(end) }; });
  }
  delete(): void {
    this.context.queue(0, () => {
      const list = chartsOf(this.sheet());
      const i = list.indexOf(this.spec());
      if (i >= 0) list.splice(i, 1);
    });
  }
}

class FakeChartTitle extends FakeObject {
  constructor(ctx: FakeContext, private readonly chart: () => ChartSpec) { super(ctx, 'ChartTitle'); }
  protected override defaultProps() { return ['text']; }
  protected read(prop: string): unknown {
    if (prop === 'text') return this.chart().title ?? '';
    throw new FakeExcelError('InvalidArgument', `ChartTitle.${prop} is not modelled`);
  }
  get text(): string { return this.get('text'); }
  set text(v: string) { this.context.queue(jsonSize(v), () => { this.chart().title = v; }); }
}

class FakeChartSeriesCollection extends FakeObject {
  constructor(ctx: FakeContext, private readonly chart: () => ChartSpec) { super(ctx, 'ChartSeriesCollection'); }
  protected read(_prop: string): unknown { return undefined; }
  getItemAt(index: number): FakeChartSeries {
    const find = () => this.chart().series[index];
    this.context.queue(8, () => { if (!find()) throw new FakeExcelError('InvalidArgument', `The chart has no series ${index}.`); });
    return new FakeChartSeries(this.context, () => find()!);
  }
}

class FakeChartSeries extends FakeObject {
  constructor(ctx: FakeContext, private readonly s: () => ChartSeriesSpec) { super(ctx, 'ChartSeries'); }
  protected override defaultProps() { return ['name', 'chartType', 'axisGroup']; }
  protected read(prop: string): unknown {
    const s = this.s();
    if (prop === 'name') return s.name;
    if (prop === 'chartType') return s.chartType;
    if (prop === 'axisGroup') return s.axisGroup;
    throw new FakeExcelError('InvalidArgument', `ChartSeries.${prop} is not modelled`);
  }
  get name(): string { return this.get('name'); }
  set name(v: string) { this.context.queue(jsonSize(v), () => { this.s().name = v; }); }
  set chartType(v: string) {
    this.context.queue(jsonSize(v), () => {
      if (!this.context.env.supports('1.7')) throw apiNotFound('series.chartType', '1.7');
      this.s().chartType = v;
    });
  }
  set axisGroup(v: 'Primary' | 'Secondary') {
    this.context.queue(jsonSize(v), () => {
      if (!this.context.env.supports('1.8')) throw apiNotFound('series.axisGroup', '1.8');
      this.s().axisGroup = v;
    });
  }
}

class FakeChartAxes extends FakeObject {
  constructor(ctx: FakeContext, private readonly chart: () => ChartSpec) { super(ctx, 'ChartAxes'); }
  protected read(_prop: string): unknown { return undefined; }
  get valueAxis(): FakeChartAxis { return new FakeChartAxis(this.context, this.chart, 'Value|Primary'); }
  get categoryAxis(): FakeChartAxis { return new FakeChartAxis(this.context, this.chart, 'Category|Primary'); }
  getItem(type: string, group: string = 'Primary'): FakeChartAxis {
    this.context.queue(16, () => { if (!this.context.env.supports('1.7')) throw apiNotFound('axes.getItem', '1.7'); });
    return new FakeChartAxis(this.context, this.chart, `${type}|${group}`);
  }
}

class FakeChartAxis extends FakeObject {
  constructor(ctx: FakeContext, private readonly chart: () => ChartSpec, private readonly key: string) { super(ctx, 'ChartAxis'); }
  private axis(): ChartAxisSpec {
    const axes = this.chart().axes;
    return (axes[this.key] ??= { numberFormat: null, minimum: null, maximum: null, title: null });
  }
  protected override defaultProps() { return ['numberFormat', 'minimum', 'maximum']; }
  protected read(prop: string): unknown {
    const a = this.axis();
    if (prop === 'numberFormat') return a.numberFormat ?? 'General';
    if (prop === 'minimum') return a.minimum;
    if (prop === 'maximum') return a.maximum;
    throw new FakeExcelError('InvalidArgument', `ChartAxis.${prop} is not modelled`);
  }
  set numberFormat(v: string) {
    this.context.queue(jsonSize(v), () => {
      if (!this.context.env.supports('1.8')) throw apiNotFound('axis.numberFormat', '1.8');
      this.axis().numberFormat = v;
    });
  }
  set minimum(v: number) { this.context.queue(8, () => { this.axis().minimum = v; }); }
  set maximum(v: number) { this.context.queue(8, () => { this.axis().maximum = v; }); }
  get title(): { text: string } {
    const ctx = this.context;
    const axis = () => this.axis();
    return {
      get text(): string { throw new FakeExcelError('PropertyNotLoaded', 'ChartAxisTitle.text is write-only in the fake'); },
      set text(v: string) { ctx.queue(jsonSize(v), () => { axis().title = v; }); },
    };
  }
}
