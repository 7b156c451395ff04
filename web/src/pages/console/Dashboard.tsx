import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api';
import { COLOURS, colourMixOption, loadCharts } from '../../charts';
import { colourName } from '../../i18n';
import { lang } from '../../prefs';
import { navigate } from '../../router';
import { formatInstant } from '../../time';
import { errorText, w } from './common';

interface Overview {
  peopleByColour: Record<'green' | 'yellow' | 'red' | 'pending', number>;
  /** The chart's days, today last; null where a day's colours were never counted. */
  colourHistory: ({ day: string } & Record<'green' | 'yellow' | 'red' | 'pending', number | null>)[];
  hourly: { hour: number; checkins: number; codesShown: number; codesVerified: number }[];
  topVenues: { name: string; visits: number }[];
  openAppeals: number;
  pendingOverrides: number;
}

export function Dashboard() {
  const [data, setData] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const charts = { mix: useRef<HTMLDivElement>(null), history: useRef<HTMLDivElement>(null), hourly: useRef<HTMLDivElement>(null), venues: useRef<HTMLDivElement>(null) };
  useEffect(() => {
    api<Overview>('GET', '/authority/dashboard').then(setData).catch((e) => setError(errorText(e)));
  }, []);
  useEffect(() => {
    if (!data) return;
    const instances: { dispose(): void }[] = [];
    let disposed = false;
    void loadCharts().then((echarts) => {
      if (disposed) return;
      const statuses = ['green', 'yellow', 'red', 'pending'] as const;
      const mix = echarts.init(charts.mix.current!);
      mix.setOption(colourMixOption(statuses.filter((s) => data.peopleByColour[s] > 0).map((s) => ({ name: colourName(s), value: data.peopleByColour[s], color: COLOURS[s] }))));
      // Every day the server gives; a day nobody's colours were counted on is a gap, not a zero.
      const days = data.colourHistory.map((d) => d.day);
      const history = echarts.init(charts.history.current!);
      history.setOption({
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 50, right: 10, top: 30, bottom: 30 },
        xAxis: { type: 'category', data: days },
        yAxis: { type: 'value', minInterval: 1 },
        series: statuses.map((s) => ({ name: colourName(s), type: 'line', data: data.colourHistory.map((d) => d[s]), itemStyle: { color: COLOURS[s] } })),
      });
      const hourly = echarts.init(charts.hourly.current!);
      hourly.setOption({
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 50, right: 10, top: 30, bottom: 30 },
        xAxis: { type: 'category', data: data.hourly.map((h) => formatInstant(h.hour, 'hour')) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: w('场所登记', 'Check-ins'), type: 'bar', data: data.hourly.map((h) => h.checkins) },
          { name: w('亮码', 'Codes shown'), type: 'line', data: data.hourly.map((h) => h.codesShown) },
          { name: w('核验', 'Codes verified'), type: 'line', data: data.hourly.map((h) => h.codesVerified) },
        ],
      });
      const venues = echarts.init(charts.venues.current!);
      venues.setOption({ grid: { left: 140, right: 10, top: 10, bottom: 20 }, tooltip: {}, xAxis: { type: 'value', minInterval: 1 }, yAxis: { type: 'category', data: data.topVenues.map((v) => v.name).reverse() }, series: [{ type: 'bar', data: data.topVenues.map((v) => v.visits).reverse(), itemStyle: { color: COLOURS.green } }] });
      instances.push(mix, history, hourly, venues);
    });
    return () => {
      disposed = true;
      instances.forEach((i) => i.dispose());
    };
  }, [data, lang.value]);
  if (error) return <p class="form-error">{error}</p>;
  if (!data) return <p class="loading">…</p>;
  return (
    <div class="stack" data-testid="dashboard">
      <div class="kpis">
        {(['green', 'yellow', 'red', 'pending'] as const).map((s) => (
          <div class={`kpi status-${s}`}>
            <strong>{data.peopleByColour[s]}</strong>
            <span>{colourName(s)}</span>
          </div>
        ))}
        <a class="kpi" href="/console/appeals" onClick={(e) => (e.preventDefault(), navigate('/console/appeals'))}>
          <strong>{data.openAppeals}</strong>
          <span>{w('待处理纠错', 'Open appeals')}</span>
        </a>
        <a class="kpi" href="/console/overrides" data-testid="pending-overrides" onClick={(e) => (e.preventDefault(), navigate('/console/overrides'))}>
          <strong>{data.pendingOverrides}</strong>
          <span>{w('待批准人工赋码', 'Colour changes to approve')}</span>
        </a>
      </div>
      <section class="card">
        <h2>{w('人员赋码构成', 'People by colour')}</h2>
        <div ref={charts.mix} class="chart" />
      </section>
      <section class="card">
        <h2>{w('近14天赋码变化', 'Colours over 14 days')}</h2>
        <div ref={charts.history} class="chart" />
      </section>
      <section class="card">
        <h2>{w('近24小时：场所登记、亮码、核验', 'Last 24 h: check-ins, codes shown, verified')}</h2>
        <div ref={charts.hourly} class="chart" />
      </section>
      <section class="card">
        <h2>{w('近7天访客最多的场所', 'Busiest venues, 7 days')}</h2>
        <div ref={charts.venues} class="chart" />
      </section>
    </div>
  );
}
