/** Lists the API serves a page at a time, newest first: the console's and the holder's. */
import { useState } from 'preact/hooks';
import { api, errorText } from './api';
import { t } from './i18n';

/**
 * A list the API serves a page at a time, newest first (`before` and `limit`, `http/schemas.ts`). `query`
 * is read when a page is asked for, so a reload uses the filters as they are then.
 */
export function usePagedList<T extends { id: string }>(path: string, query: () => URLSearchParams, pageSize = 50) {
  const [items, setItems] = useState<T[] | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const page = async (before?: string) => {
    const params = query();
    params.set('limit', String(pageSize));
    if (before) params.set('before', before);
    try {
      const found = await api<T[]>('GET', `${path}?${params}`);
      setError(null);
      setHasMore(found.length === pageSize);
      return found;
    } catch (e) {
      setError(errorText(e));
      return null;
    }
  };
  return {
    items,
    hasMore,
    error,
    reload: async () => {
      const found = await page();
      if (found) setItems(found);
    },
    more: async () => {
      const found = await page(items?.at(-1)?.id);
      if (found) setItems([...(items ?? []), ...found]);
    },
  };
}

/** Asks for the next page of a paged list; shown only while there may be one. */
export function MorePages({ list }: { list: { hasMore: boolean; more: () => Promise<void> } }) {
  if (!list.hasMore) return null;
  return (
    <button type="button" data-testid="more" onClick={() => void list.more()}>
      {t('showMore')}
    </button>
  );
}

