/** Province → city → county from GB/T 2260 (served by /api/v1/regions), as cascading selects. */
import { useEffect, useState } from 'preact/hooks';
import { api, type Region } from './api';
import { t } from './i18n';
import { lang } from './prefs';

/** Named in the language chosen when asked: a switch of language asks again. */
const cache = new Map<string, Promise<Region[]>>();
function children(parent: string | null): Promise<Region[]> {
  const key = `${lang.value}:${parent ?? ''}`;
  if (!cache.has(key)) cache.set(key, api<Region[]>('GET', parent ? `/regions?parent=${parent}` : '/regions'));
  return cache.get(key)!;
}

/** With `anyLevel`, choosing only a province or a city reports its 6-digit code (130000, 130600). */
export function RegionPicker(props: { id: string; value: string; onChange: (code: string) => void; invalid?: boolean; anyLevel?: boolean }) {
  const [province, setProvince] = useState(props.value.slice(0, 2));
  const [city, setCity] = useState(props.value.slice(0, 4));
  const [lists, setLists] = useState<{ provinces: Region[]; cities: Region[]; counties: Region[] }>({ provinces: [], cities: [], counties: [] });

  const language = lang.value;
  useEffect(() => {
    void children(null).then((provinces) => setLists((l) => ({ ...l, provinces })));
  }, [language]);
  useEffect(() => {
    if (province) void children(province).then((cities) => setLists((l) => ({ ...l, cities, counties: [] })));
  }, [province, language]);
  useEffect(() => {
    if (city.length === 4) void children(city).then((counties) => setLists((l) => ({ ...l, counties })));
  }, [city, language]);

  return (
    <div class="region-picker">
      <select id={props.id} aria-label={t('province')} aria-invalid={props.invalid} value={province} onChange={(e) => (setProvince(e.currentTarget.value), setCity(''), props.onChange(props.anyLevel && e.currentTarget.value ? `${e.currentTarget.value}0000` : ''))}>
        <option value="">{t('province')}</option>
        {lists.provinces.map((r) => (
          <option value={r.code}>{r.name}</option>
        ))}
      </select>
      <select aria-label={t('city')} aria-invalid={props.invalid} value={city} disabled={!province} onChange={(e) => (setCity(e.currentTarget.value), props.onChange(props.anyLevel ? (e.currentTarget.value ? `${e.currentTarget.value}00` : `${province}0000`) : ''))}>
        <option value="">{t('city')}</option>
        {lists.cities.map((r) => (
          <option value={r.code}>{r.name}</option>
        ))}
      </select>
      <select aria-label={t('county')} aria-invalid={props.invalid} value={props.value.length === 6 && !props.value.endsWith('00') ? props.value : ''} disabled={!city} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{t('county')}</option>
        {lists.counties.map((r) => (
          <option value={r.code}>{r.name}</option>
        ))}
      </select>
    </div>
  );
}
