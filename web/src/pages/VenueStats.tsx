/** Visitor statistics with ECharts (loaded only on this page): per hour, per day, colour mix, 7-day trend. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { COLOURS, colourMixOption, loadCharts } from '../charts';
import { colon, colourName, t } from '../i18n';
import { lang } from '../prefs';

interface Stats {
  hourly: { label: string; visits: number }[];
  daily: { day: string; visits: number; green: number; yellow: number; red: number; other: number }[];
  colourMix: { green: number; yellow: number; red: number; other: number };
  trend: { last7Days: number; previous7Days: number };
}

export function VenueStats() {
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const hourly = useRef<HTMLDivElement>(null);
  const daily = useRef<HTMLDivElement>(null);
  const mix = useRef<HTMLDivElement>(null);

  useEffect(() => {
    api<Stats>('GET', '/venues/mine/stats')
      .then(setStats)
      .catch((e) => setError(e instanceof ApiError ? e.message : t('networkError')));
  }, []);

  useEffect(() => {
    if (!stats) return;
    let disposed = false;
    const instances: { dispose(): void }[] = [];
    void loadCharts().then((echarts) => {
      if (disposed || !hourly.current || !daily.current || !mix.current) return;
      const colours = COLOURS;
      const h = echarts.init(hourly.current);
      h.setOption({ grid: { left: 40, right: 10, top: 10, bottom: 30 }, tooltip: {}, xAxis: { type: 'category', data: stats.hourly.map((x) => x.label) }, yAxis: { type: 'value', minInterval: 1 }, series: [{ type: 'bar', data: stats.hourly.map((x) => x.visits), itemStyle: { color: colours.green } }] });
      const d = echarts.init(daily.current);
      d.setOption({
        grid: { left: 40, right: 10, top: 30, bottom: 30 },
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        xAxis: { type: 'category', data: stats.daily.map((x) => x.day.slice(5)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: (['green', 'yellow', 'red'] as const).map((c) => ({ name: colourName(c), type: 'bar', stack: 'visits', data: stats.daily.map((x) => x[c]), itemStyle: { color: colours[c] } })),
      });
      const m = echarts.init(mix.current);
      // A colour no visitor had would still be labelled, on a slice of nothing.
      m.setOption(colourMixOption((['green', 'yellow', 'red', 'other'] as const).filter((c) => stats.colourMix[c] > 0).map((c) => ({ name: colourName(c), value: stats.colourMix[c], color: colours[c] }))));
      instances.push(h, d, m);
    });
    return () => {
      disposed = true;
      instances.forEach((i) => i.dispose());
    };
  }, [stats, lang.value]);

  if (error) return <p class="form-error">{error}</p>;
  if (!stats) return <p class="loading">{t('working')}</p>;
  return (
    <div class="stack">
      <section class="card">
        <h1>{t('stats')}</h1>
        <p data-testid="trend">
          {t('trend')}{colon()}<strong>{stats.trend.last7Days}</strong> / {stats.trend.previous7Days}
        </p>
      </section>
      <section class="card">
        <h2>{t('visitsPerHour')}</h2>
        <div ref={hourly} class="chart" />
      </section>
      <section class="card">
        <h2>{t('visitsPerDay')}</h2>
        <div ref={daily} class="chart" />
      </section>
      <section class="card">
        <h2>{t('colourMix')}</h2>
        <div ref={mix} class="chart" />
      </section>
    </div>
  );
}
