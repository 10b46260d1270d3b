import { Observable, firstValueFrom } from 'rxjs';

/** Pages read at most: a thousand rows is more than an admin screen is for. */
const MAX_PAGES = 10;

/** Every row of a paged admin list (`{ items, total }`), page by page, up to a thousand. */
export async function loadAll<T>(page: (offset: number) => Observable<{ items: T[]; total: number }>): Promise<T[]> {
  const all: T[] = [];
  for (let i = 0; i < MAX_PAGES; i++) {
    const { items, total } = await firstValueFrom(page(all.length));
    all.push(...items);
    if (!items.length || all.length >= total) break;
  }
  return all;
}
