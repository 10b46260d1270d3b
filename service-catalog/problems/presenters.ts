import type { Ticket } from '../tickets/domain/ticket.entity';
import type { KnownError } from './domain/known-error.entity';

export function presentKnownError(k: KnownError) {
  return {
    problemNumber: k.problemNumber,
    title: k.title,
    symptoms: k.symptoms,
    rootCause: k.rootCause ?? null,
    workaround: k.workaround ?? null,
    workaroundPublishedAt: k.workaroundPublishedAt ?? null,
    analysedBy: k.analysedBy ?? null,
    service: k.service ?? null,
    category: k.category ?? null,
    updatedAt: k.updatedAt,
  };
}

export function presentProblem(view: { problem: Ticket; knownError: KnownError | null; incidents: Ticket[]; changes: Ticket[] }) {
  const p = view.problem;
  return {
    number: p.number,
    title: p.title,
    description: p.description,
    state: p.state,
    service: p.service ?? null,
    category: p.category ?? null,
    assignmentGroup: p.assignmentGroup ?? null,
    organizationId: p.organizationId ?? null,
    resolutionCode: p.resolutionCode ?? null,
    resolutionNotes: p.resolutionNotes ?? null,
    createdAt: p.createdAt,
    analysis: view.knownError ? presentKnownError(view.knownError) : null,
    incidents: view.incidents.map((i) => ({ number: i.number, title: i.title, state: i.state, resolutionCode: i.resolutionCode ?? null })),
    changes: view.changes.map((c) => ({ number: c.number, title: c.title, state: c.state, resolutionCode: c.resolutionCode ?? null })),
  };
}
