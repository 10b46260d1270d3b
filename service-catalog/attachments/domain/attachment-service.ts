import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit-log';
import { TenantScope, setTenantScope } from '../../db/tenant';
import { InvalidInput, NotFound, TooLarge, type DomainError } from '../../errors';
import { actorOf, hasRole, userIdOf, type Principal } from '../../identity/domain/principal';
import { STAFF_ROLES } from '../../identity/domain/roles';
import { TicketEntry } from '../../tickets/domain/ticket-entry.entity';
import { TicketService } from '../../tickets/domain/ticket-service';
import type { Ticket } from '../../tickets/domain/ticket.entity';
import type { AttachmentStore, StagedFile } from './attachment-store';
import { cleanImage } from './clean-image';
import { acceptedType } from './content-types';
import { TicketAttachment } from './ticket-attachment.entity';
import { formatBytes, vetAttachment } from './vet-attachment';

export interface AttachmentLimits {
  maxBytes: number;
  /** Largest image, in pixels of all its frames together; checked from the header, before decoding. */
  maxPixels: number;
  /** What one user may have stored in attachments altogether (across every ticket); unset: no quota. */
  quotaBytes?: number;
}

/** Where attachments are kept and their limits: what the API and mail intake are given. */
export interface AttachmentSettings extends AttachmentLimits {
  store: AttachmentStore;
}

/** A file that passed every check, waiting in the store's temporary folder to be kept or discarded. */
export interface PreparedFile {
  staged: StagedFile;
  filename: string;
  contentType: string;
}

export type Prepared = { ok: true; file: PreparedFile } | { ok: false; error: DomainError };

export interface IncomingFile {
  /** A temporary file of the store (HTTP upload) or the bytes themselves (mail). */
  source: { path: string } | { content: Buffer };
  filename: string | undefined | null;
  contentType: string | undefined | null;
}

/**
 * Attachments of tickets: vetted (size, type, magic bytes) before anything is kept, images written
 * anew without their metadata (and refused over the pixel limit), bytes stored before the row that
 * points at them, nothing left behind when any step fails. Reads go through
 * the ticket, so the tenant filter answers 404 for tickets the caller may not see; a requester does
 * not see the attachments of internal notes.
 */
export class AttachmentService {
  constructor(
    private readonly em: EntityManager,
    private readonly store: AttachmentStore,
    private readonly limits: AttachmentLimits,
  ) {}

  async upload(principal: Principal, number: string, file: IncomingFile, entryId?: string): Promise<TicketAttachment> {
    let ticket: Ticket;
    try {
      ticket = await new TicketService(this.em).get(number);
      if (entryId) await this.visibleEntry(principal, ticket, entryId);
    } catch (err) {
      await this.discardSource(file);
      throw err;
    }
    const result = await this.attach(ticket, principal, file, 'payload.file', entryId ?? null);
    if (!result.ok) throw result.error;
    return result.attachment;
  }

  /**
   * Vets and stores one file on `ticket`. A refusal is returned, not thrown, so mail intake can skip
   * one bad attachment and keep the rest; the caller's temporary file is gone either way.
   */
  async attach(
    ticket: Ticket,
    uploader: Principal,
    file: IncomingFile,
    field: string,
    entryId: string | null,
  ): Promise<{ ok: true; attachment: TicketAttachment } | { ok: false; error: DomainError }> {
    const prepared = await this.prepare(file, field);
    if (!prepared.ok) return prepared;
    const overQuota = await this.quotaRefusal(uploader, prepared.file, field);
    if (overQuota) {
      await this.discard(prepared.file);
      return { ok: false, error: overQuota };
    }
    return { ok: true, attachment: await this.keep(ticket, uploader, prepared.file, entryId) };
  }

  /**
   * Everything that may refuse a file, before anything is kept: size, type and magic bytes, then for
   * an image the pixel limit and a clean copy without metadata (which is what gets stored). A refusal
   * is returned; the caller's temporary file is gone either way, and a prepared one is the caller's
   * to {@link keep} or {@link discard}.
   */
  async prepare(file: IncomingFile, field: string): Promise<Prepared> {
    let staged: StagedFile;
    try {
      staged = 'path' in file.source ? await this.store.stageFile(file.source.path) : await this.store.stageBuffer(file.source.content);
    } catch (err) {
      await this.discardSource(file);
      throw err;
    }
    const vetted = vetAttachment(
      { filename: file.filename, contentType: file.contentType, size: staged.size, head: staged.head },
      this.limits.maxBytes,
      field,
    );
    if (!vetted.ok) {
      await this.store.discard(staged.path);
      return vetted;
    }
    const format = acceptedType(vetted.contentType)?.image;
    if (format) {
      // The upload as it came is never kept: only the clean copy is staged, the original goes either way.
      const original = staged.path;
      const cleanPath = this.store.temporaryPath('clean');
      try {
        const cleaned = await cleanImage({ path: original, format, filename: vetted.filename, field }, cleanPath, this.limits.maxPixels);
        if (!cleaned.ok) {
          await this.store.discard(cleanPath);
          return cleaned;
        }
        staged = await this.store.stageFile(cleanPath);
      } catch (err) {
        await this.store.discard(cleanPath);
        throw err;
      } finally {
        await this.store.discard(original);
      }
    }
    return { ok: true, file: { staged, filename: vetted.filename, contentType: vetted.contentType } };
  }

  /** Drops a prepared file that will not be kept after all. */
  async discard(file: PreparedFile): Promise<void> {
    await this.store.discard(file.staged.path);
  }

  /** Stores a prepared file and records it on the ticket (and the entry, if given). */
  async keep(ticket: Ticket, uploader: Principal, file: PreparedFile, entryId: string | null): Promise<TicketAttachment> {
    const { staged } = file;
    const { key, created } = await this.store.commit(staged);
    try {
      const attachment = this.em.create(TicketAttachment, {
        id: randomUUID(),
        ticketId: ticket.id,
        entryId,
        filename: file.filename,
        contentType: file.contentType,
        size: staged.size,
        sha256: staged.sha256,
        storageKey: key,
        uploadedById: userIdOf(uploader),
        uploadedByName: uploader.displayName,
        createdAt: new Date(),
        organizationId: ticket.organizationId ?? null,
      });
      recordAudit(this.em, actorOf(uploader), {
        action: 'ticket.attachment.added',
        entity: 'Ticket',
        entityId: ticket.id,
        after: {
          attachmentId: attachment.id,
          filename: attachment.filename,
          contentType: attachment.contentType,
          size: attachment.size,
          sha256: attachment.sha256,
          entryId,
        },
      });
      await this.em.flush();
      return attachment;
    } catch (err) {
      // Bytes nobody points at are dropped; the same bytes kept for another row stay.
      if (created && !(await this.referenced(key))) await this.store.remove(key);
      throw err;
    }
  }

  async list(principal: Principal, number: string): Promise<TicketAttachment[]> {
    const ticket = await new TicketService(this.em).get(number);
    const attachments = await this.em.find(TicketAttachment, { ticketId: ticket.id }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    const hidden = await this.internalEntryIds(principal, ticket);
    return attachments.filter((a) => !a.entryId || !hidden.has(a.entryId));
  }

  async get(principal: Principal, number: string, id: string): Promise<TicketAttachment> {
    const ticket = await new TicketService(this.em).get(number);
    const attachment = await this.em.findOne(TicketAttachment, { id, ticketId: ticket.id });
    if (!attachment || (attachment.entryId && (await this.internalEntryIds(principal, ticket)).has(attachment.entryId))) {
      throw new NotFound('ATTACHMENT_NOT_FOUND', `ticket ${number} has no attachment ${id}`);
    }
    return attachment;
  }

  open(attachment: TicketAttachment) {
    return this.store.open(attachment.storageKey);
  }

  /** Internal notes of the ticket, whose attachments only staff see. */
  private async internalEntryIds(principal: Principal, ticket: Ticket): Promise<Set<string>> {
    if (hasRole(principal, ...STAFF_ROLES)) return new Set();
    const notes = await this.em.find(TicketEntry, { ticketId: ticket.id, kind: 'note' }, { fields: ['id'] });
    return new Set(notes.map((n) => n.id));
  }

  private async visibleEntry(principal: Principal, ticket: Ticket, entryId: string): Promise<void> {
    const entry = await this.em.findOne(TicketEntry, { id: entryId, ticketId: ticket.id });
    if (!entry || (entry.kind === 'note' && !hasRole(principal, ...STAFF_ROLES))) {
      throw new InvalidInput('UNKNOWN_ENTRY', `ticket ${ticket.number} has no entry ${entryId}`, [
        { field: 'payload.entryId', message: 'not an entry of this ticket' },
      ]);
    }
  }

  /**
   * The uploader's quota, counted over everything they uploaded on any ticket (a staff member's uploads
   * span the organisations they serve, hence the named bypass). Checked on the stored size, after an
   * image was cleaned. Two uploads racing may together pass it by one file; the quota bounds abuse,
   * it is not an accounting ledger.
   */
  async quotaRefusal(uploader: Principal, file: PreparedFile, field: string): Promise<DomainError | undefined> {
    const quota = this.limits.quotaBytes;
    const userId = userIdOf(uploader);
    if (quota === undefined || userId === null) return undefined;
    const fork = this.em.fork({ clear: true });
    setTenantScope(fork, TenantScope.all('attachment quota: everything this user uploaded, on any ticket'));
    const [row] = (await fork.execute('select coalesce(sum(size), 0)::bigint as used from ticket_attachment where uploaded_by_id = ?', [
      userId,
    ])) as Array<{ used: string | number }>;
    const used = Number(row?.used ?? 0);
    if (used + file.staged.size <= quota) return undefined;
    const message = `${file.filename} (${formatBytes(file.staged.size)}) would take your attachments to ${formatBytes(used + file.staged.size)}, over your quota of ${formatBytes(quota)} (${formatBytes(used)} used); remove attachments or ask an administrator`;
    return new TooLarge('ATTACHMENT_QUOTA_EXCEEDED', message, [{ field, message }]);
  }

  private async referenced(key: string): Promise<boolean> {
    const fork = this.em.fork({ clear: true });
    setTenantScope(fork, TenantScope.all('attachment store: is this file still referenced by any ticket?'));
    return (await fork.count(TicketAttachment, { storageKey: key })) > 0;
  }

  /** Removes the caller's temporary upload when nothing is to be kept (a refusal before {@link prepare}). */
  async discardSource(file: IncomingFile): Promise<void> {
    if ('path' in file.source) await this.store.discard(file.source.path);
  }
}
