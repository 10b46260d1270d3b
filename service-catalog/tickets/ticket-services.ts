import type { EntityManager } from '@mikro-orm/postgresql';
import type { Request } from '@hapi/hapi';
import { TicketActions } from './domain/ticket-actions';
import { DEFAULT_REOPEN_WINDOW_DAYS, TicketReopening } from './domain/ticket-reopening';
import { TicketService, type TicketProcesses } from './domain/ticket-service';

/**
 * The ticket domain's services, wired once per running process (the API server, the mail intake, the
 * worker) from what they need: which process each ticket type runs and the engine that starts it.
 * Every caller — route handlers, mail, activities — asks this registry for the service of its unit of
 * work (an entity manager), so the dependencies are chosen in one place and no handler builds one.
 */
export interface TicketServices {
  /** The ticket domain service: every ticket write goes through it. */
  tickets(em: EntityManager): TicketService;
  /** What agents and callers do to a ticket through its process. */
  actions(em: EntityManager): TicketActions;
  /** Reopening a closed ticket, or raising a follow-up to it. */
  reopening(em: EntityManager): TicketReopening;
  /** The engine tickets' processes run on (messages to a ticket's process go through it). */
  processes(): TicketProcesses;
}

export interface TicketServicesOptions {
  /**
   * The engine and which process each ticket type runs; a function when the engine is only known per
   * activity run (the worker's client). Absent: tickets start no process (scripts, some tests).
   */
  processes?: TicketProcesses | (() => TicketProcesses);
  /** Days after closing in which a ticket can be reopened (default 14). */
  reopenWindowDays?: number;
}

export function createTicketServices(opts: TicketServicesOptions = {}): TicketServices {
  const given = opts.processes;
  // Resolved on first use: a local activity that only writes a ticket never asks for the engine.
  const processes: TicketProcesses | undefined =
    typeof given === 'function'
      ? {
          get engine() {
            return given().engine;
          },
          get processIds() {
            return given().processIds;
          },
        }
      : given;
  const withProcesses = () => {
    if (!processes) throw new Error('ticket actions need the engine: create the ticket services with `processes`');
    return processes;
  };
  const tickets = (em: EntityManager) => new TicketService(em, processes);
  return {
    tickets,
    actions: (em) => new TicketActions(em, withProcesses(), tickets(em)),
    processes: withProcesses,
    reopening: (em) => new TicketReopening(em, withProcesses(), opts.reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS, tickets(em)),
  };
}

/** The ticket services of a request's server, for its unit of work (route handlers). */
export const ticketsOf = (request: Request): TicketService => request.server.app.tickets.tickets(request.app.em);
