/** ITIL record types and the prefix of their human numbers (INC0001042, CHG0000107…). */
export const TICKET_TYPES = {
  incident: 'INC',
  problem: 'PRB',
  change: 'CHG',
  request: 'REQ',
  work_order: 'WO',
} as const;
export type TicketType = keyof typeof TICKET_TYPES;

/** The BPMN process id each record type runs, when one is deployed (the studio owns the diagrams). */
export const TICKET_PROCESS_IDS: Record<TicketType, string> = {
  incident: 'incident',
  problem: 'problem',
  change: 'change',
  request: 'service-request',
  work_order: 'work-order',
};

export const IMPACTS = ['high', 'medium', 'low'] as const;
export const URGENCIES = ['high', 'medium', 'low'] as const;
/** ITIL change types: standard (pre-approved template, no CAB), normal (risk, then CAB), emergency (ECAB). */
export const CHANGE_TYPES = ['standard', 'normal', 'emergency'] as const;
export const LIKELIHOODS = ['high', 'medium', 'low'] as const;
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;

/** `INC0001042`: the prefix and seven digits, as service desks print them in mail subjects. */
export function formatTicketNumber(type: TicketType, sequence: number): string {
  return `${TICKET_TYPES[type]}${String(sequence).padStart(7, '0')}`;
}

export const TICKET_NUMBER = /^(INC|PRB|CHG|REQ|WO)\d{7,}$/;
