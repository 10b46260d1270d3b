import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit-log';
import { NotFound, RuleViolation, WrongState } from '../../errors';
import { actorOf, type Principal } from '../../identity/domain/principal';
import { User } from '../../identity/domain/user.entity';
import { Technician, TechnicianAbsence, type WorkingHours } from './technician.entity';

export interface NewTechnician {
  userId: string;
  skills: Record<string, number>;
  territories: string[];
  workingHours: WorkingHours;
  homeBase: { latitude: number; longitude: number };
}

/** What an admin may change on a profile; the user it belongs to is fixed. */
export type TechnicianChange = Partial<Omit<NewTechnician, 'userId'>> & { version: number };

export interface NewAbsence {
  startsAt: string;
  endsAt: string;
  reason?: string | null;
}

/** Technicians' field profiles and absences: what dispatch ranks them by. */
export class TechnicianService {
  constructor(private readonly em: EntityManager) {}

  async list(query: { limit: number; offset: number; territory?: string; skill?: string }): Promise<[Technician[], number]> {
    const where: Record<string, unknown> = {};
    if (query.territory) where.territories = { $contains: [query.territory] };
    if (query.skill) where.skills = { [query.skill]: { $gte: 1 } };
    return this.em.findAndCount(Technician, where, { orderBy: { id: 'asc' }, limit: query.limit, offset: query.offset });
  }

  async get(id: string): Promise<Technician> {
    const found = await this.em.findOne(Technician, { id });
    if (!found) throw new NotFound('TECHNICIAN_NOT_FOUND', `there is no technician ${id}`);
    return found;
  }

  /** The profile of the signed-in user, when they are a technician with one. */
  findByUser(userId: string): Promise<Technician | null> {
    return this.em.findOne(Technician, { userId });
  }

  /** Absences that have not ended yet, soonest first: what a dispatcher plans around. */
  upcomingAbsences(technicianId: string, now = new Date()): Promise<TechnicianAbsence[]> {
    return this.em.find(TechnicianAbsence, { technicianId, endsAt: { $gt: now } }, { orderBy: { startsAt: 'asc' } });
  }

  async create(principal: Principal, input: NewTechnician): Promise<Technician> {
    const user = await this.em.findOne(User, { id: input.userId });
    // A profile for someone who cannot sign in as a technician would offer dispatch a person who never sees the job.
    if (!user || !user.roles.includes('technician')) {
      throw new RuleViolation('NOT_A_TECHNICIAN', `user ${input.userId} is not a technician`, [
        { field: 'payload.userId', message: 'must name a user with the technician role' },
      ]);
    }
    const now = new Date();
    const technician = this.em.create(Technician, {
      id: randomUUID(),
      userId: user.id,
      skills: input.skills,
      territories: input.territories,
      workingHours: input.workingHours,
      homeLatitude: input.homeBase.latitude,
      homeLongitude: input.homeBase.longitude,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    recordAudit(this.em, actorOf(principal), {
      action: 'technician.created',
      entity: 'Technician',
      entityId: technician.id,
      after: { userId: user.id, skills: input.skills, territories: input.territories },
    });
    try {
      await this.em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException)
        throw new WrongState('TECHNICIAN_EXISTS', `user ${input.userId} already has a technician profile`);
      throw err;
    }
    return technician;
  }

  async update(principal: Principal, id: string, change: TechnicianChange): Promise<Technician> {
    const technician = await this.get(id);
    // Dispatch ranks by these fields: two admins editing at once must not silently undo each other's skills.
    if (technician.version !== change.version)
      throw new WrongState('STALE_TECHNICIAN', `technician ${id} was changed by someone else meanwhile: reload it`);
    const before = { skills: technician.skills, territories: technician.territories, workingHours: technician.workingHours };
    if (change.skills) technician.skills = change.skills;
    if (change.territories) technician.territories = change.territories;
    if (change.workingHours) technician.workingHours = change.workingHours;
    if (change.homeBase) Object.assign(technician, { homeLatitude: change.homeBase.latitude, homeLongitude: change.homeBase.longitude });
    Object.assign(technician, { version: technician.version + 1, updatedAt: new Date() });
    recordAudit(this.em, actorOf(principal), {
      action: 'technician.changed',
      entity: 'Technician',
      entityId: id,
      before,
      after: { skills: technician.skills, territories: technician.territories, workingHours: technician.workingHours },
    });
    await this.em.flush();
    return technician;
  }

  /** Takes back an absence entered by mistake or cancelled leave, so dispatch offers the technician again. */
  async removeAbsence(principal: Principal, technicianId: string, absenceId: string): Promise<void> {
    const absence = await this.em.findOne(TechnicianAbsence, { id: absenceId, technicianId });
    if (!absence) throw new NotFound('ABSENCE_NOT_FOUND', `technician ${technicianId} has no absence ${absenceId}`);
    recordAudit(this.em, actorOf(principal), {
      action: 'technician.absence-removed',
      entity: 'Technician',
      entityId: technicianId,
      before: { startsAt: absence.startsAt.toISOString(), endsAt: absence.endsAt.toISOString(), reason: absence.reason ?? null },
    });
    await this.em.remove(absence).flush();
  }

  async addAbsence(principal: Principal, technicianId: string, input: NewAbsence): Promise<TechnicianAbsence> {
    await this.get(technicianId);
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    if (!(startsAt < endsAt)) {
      throw new RuleViolation('ABSENCE_ENDS_BEFORE_IT_STARTS', 'an absence must end after it starts', [
        { field: 'payload.endsAt', message: 'must be after startsAt' },
      ]);
    }
    const absence = this.em.create(TechnicianAbsence, {
      id: randomUUID(),
      technicianId,
      startsAt,
      endsAt,
      reason: input.reason ?? null,
      createdAt: new Date(),
    });
    recordAudit(this.em, actorOf(principal), {
      action: 'technician.absence-added',
      entity: 'Technician',
      entityId: technicianId,
      after: { startsAt: input.startsAt, endsAt: input.endsAt, reason: input.reason ?? null },
    });
    await this.em.flush();
    return absence;
  }
}
