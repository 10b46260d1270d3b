import type { CannedResponse } from './domain/canned-response.entity';

export function presentCannedResponse(r: CannedResponse) {
  return {
    id: r.id,
    title: r.title,
    body: r.body,
    groupKey: r.groupKey ?? null,
    category: r.category ?? null,
    createdById: r.createdById ?? null,
    createdByName: r.createdByName,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
