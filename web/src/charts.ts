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

/**
 * The colour mix as a ring, each slice labelled with its colour's name and count. The labels sit at the
 * chart's edges so that they fit a phone's width (placed beside their slices, 黄码 and 绿码 ran off a 390 px screen).
 */
export function colourMixOption(slices: { name: string; value: number; color: string }[]) {
  return {
    tooltip: {},
    series: [
      {
        type: 'pie',
        radius: ['35%', '58%'],
        label: { formatter: '{b}\n{c}', alignTo: 'edge', edgeDistance: 8, lineHeight: 16 },
        labelLine: { length: 12, length2: 0 },
        data: slices.map(({ name, value, color }) => ({ name, value, itemStyle: { color } })),
      },
    ],
  };
}
