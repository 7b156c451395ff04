/** ECharts, loaded on the pages that draw charts only, with just the parts they use. */
export async function loadCharts() {
  const [core, charts, components, renderers] = await Promise.all([
    import('echarts/core'),
    import('echarts/charts'),
    import('echarts/components'),
    import('echarts/renderers'),
  ]);
  core.use([charts.BarChart, charts.LineChart, charts.PieChart, components.GridComponent, components.TooltipComponent, components.LegendComponent, renderers.CanvasRenderer]);
  return core;
}

export const COLOURS = { green: '#0b7a3e', yellow: '#b58100', red: '#c62828', pending: '#9aa0a6', other: '#9aa0a6' };
