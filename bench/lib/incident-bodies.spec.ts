import { IMPACTS, URGENCIES } from '../../service-catalog/tickets/domain/ticket-types';
import { createTicketPayload } from '../../service-catalog/tickets/schemas';
import { incidentBodies } from './incident-bodies';

const callers = [
  { userId: '00000000-0000-4000-8000-000000000001', organizationId: '00000000-0000-4000-8000-0000000000a1' },
  { userId: '00000000-0000-4000-8000-000000000002', organizationId: '00000000-0000-4000-8000-0000000000b2' },
];

describe('incidentBodies', () => {
  it('sends bodies the API accepts, the same ones on every run', () => {
    const bodies = incidentBodies(200, callers, { setGroup: true });
    for (const body of bodies) expect(createTicketPayload.validate(body).error).toBeUndefined();
    expect(incidentBodies(200, callers, { setGroup: true })).toEqual(bodies);
    expect(new Set(bodies.map((b) => b.impact))).toEqual(new Set(IMPACTS));
    expect(new Set(bodies.map((b) => b.urgency))).toEqual(new Set(URGENCIES));
    expect(new Set(bodies.map((b) => b.category))).toEqual(new Set(['network', 'hardware', 'software']));
  });

  it('routes by category when the agent sets the group, and leaves routing to the process otherwise', () => {
    const routed = incidentBodies(50, callers, { setGroup: true });
    expect(routed.filter((b) => b.category === 'network').every((b) => b.assignmentGroup === 'network')).toBe(true);
    expect(incidentBodies(50, callers, { setGroup: false }).some((b) => 'assignmentGroup' in b)).toBe(false);
  });

  it("logs each incident for a caller in that caller's organisation", () => {
    for (const body of incidentBodies(50, callers, { setGroup: false })) {
      expect(callers).toContainEqual({ userId: body.callerId, organizationId: body.organizationId });
    }
  });
});
