import Joi from 'joi';
import type { Request, ResponseToolkit, ServerRoute } from '@hapi/hapi';
import { ApprovalLinkDecisions, type LinkedApproval } from '../domain/approval-link-decisions';

/**
 * The two steps of a mailed approve or reject link, without signing in. Opening the link only shows
 * what it will do (mail scanners and link previews open links too, so a GET must not decide); the
 * button on that page posts it. Both answer HTML to the browser, or JSON to an API client that asks
 * for it. Refusals: 403 LINK_INVALID, 410 LINK_EXPIRED, 409 LINK_USED.
 */
const token = Joi.object({ token: Joi.string().max(400).required().description('the signed token of the mailed link') });
const linkView = Joi.object({
  approvalId: Joi.string().required(),
  decision: Joi.string().valid('approved', 'rejected').required(),
  username: Joi.string().required(),
  state: Joi.string().required(),
  taskName: Joi.string().allow(null).required(),
  ticket: Joi.object({ number: Joi.string().required(), title: Joi.string().required() }).allow(null).required(),
  expiresAt: Joi.string().isoDate().required(),
}).label('ApprovalLink');

const decisions = (request: Request) =>
  new ApprovalLinkDecisions(request.app.em, request.server.app.engine, request.server.app.approvalLinks);

const view = (l: LinkedApproval) => ({
  approvalId: l.approval.id,
  decision: l.link.decision,
  username: l.link.username,
  state: l.approval.state,
  taskName: l.approval.taskName ?? null,
  ticket: l.ticket,
  expiresAt: l.link.expiresAt.toISOString(),
});

const wantsJson = (request: Request) => String(request.headers.accept ?? '').includes('application/json');
const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const page = (h: ResponseToolkit, title: string, body: string) =>
  h
    .response(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1>${body}</body></html>`,
    )
    .type('text/html; charset=utf-8');
const what = (l: LinkedApproval) =>
  `${escape(l.approval.taskName ?? 'Approval')}${l.ticket ? ` for ${escape(l.ticket.number)} “${escape(l.ticket.title)}”` : ''}`;
const verb = (l: LinkedApproval) => (l.link.decision === 'approved' ? 'Approve' : 'Reject');

export const openApprovalLink: ServerRoute = {
  method: 'GET',
  path: '/approval-links/{token}',
  options: {
    tags: ['api', 'approvals'],
    description:
      "What a mailed approve or reject link will do, with the button that does it (no sign-in: the link's signature is the proof)",
    notes: '403 LINK_INVALID (altered, or the approval was delegated since), 410 LINK_EXPIRED, 409 LINK_USED (no longer pending).',
    auth: false,
    validate: { params: token },
    response: { schema: Joi.alternatives(linkView, Joi.string()) },
  },
  async handler(request, h) {
    const linked = await decisions(request).open(request.params.token as string);
    if (wantsJson(request)) return view(linked);
    return page(
      h,
      `${verb(linked)}?`,
      `<p>${what(linked)}, as ${escape(linked.link.username)}.</p><form method="post"><p><label>Comment<br><textarea name="comment" rows="4" cols="50" maxlength="4000"></textarea></label></p><button type="submit">${verb(linked)}</button></form>`,
    );
  },
};

export const decideByApprovalLink: ServerRoute = {
  method: 'POST',
  path: '/approval-links/{token}',
  options: {
    tags: ['api', 'approvals'],
    description: "Decide the approval a mailed link names, as the link's user; audited with via mail-link",
    notes: '403 LINK_INVALID, 410 LINK_EXPIRED, 409 LINK_USED: a link works once.',
    auth: false,
    // The page's button posts a form; an API client posts JSON.
    payload: { allow: ['application/json', 'application/x-www-form-urlencoded'] },
    validate: { params: token, payload: Joi.object({ comment: Joi.string().max(4000).allow('') }).allow(null) },
    response: { schema: Joi.alternatives(linkView, Joi.string()) },
  },
  async handler(request, h) {
    const comment = ((request.payload ?? {}) as { comment?: string }).comment?.trim() || undefined;
    const linked = await decisions(request).decide(request.params.token as string, comment);
    if (wantsJson(request)) return view(linked);
    return page(
      h,
      linked.link.decision === 'approved' ? 'Approved' : 'Rejected',
      `<p>${what(linked)}: thank you, your decision is recorded.</p>`,
    );
  },
};
