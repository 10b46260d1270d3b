import type { ApprovalDecision } from './approval.entity';

/**
 * How a reply to an approval mail finds its approval, and what it says. The mail's Message-ID names
 * the approval (`<apr.<id>.<hash>@domain>`), so a reply's In-Reply-To or References find it; its
 * Reply-To is `desk+apr.<id>.<token>@domain`, the token signed for the person mailed and the holder
 * at the time (ApprovalLinks.replyToken). Threading only finds the approval — Message-IDs travel in
 * every later mail of the ticket, to other people — while the reply address proves the sender.
 */
const hex = (id: string) => id.replace(/-/g, '').toLowerCase();
const uuid = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;

export const approvalMessageIdPrefix = (approvalId: string) => `apr.${hex(approvalId)}.`;

export const approvalReplyTag = (approvalId: string, token: string) => `apr.${hex(approvalId)}.${token}`;

/** The approval and token of an approval reply address's tag (`apr.<32 hex>.<token>`). */
export function parseApprovalReplyTag(tag: string | null): { approvalId: string; token: string } | null {
  const match = /^apr\.([0-9a-f]{32})\.([0-9a-f]{1,64})$/i.exec(tag ?? '');
  return match ? { approvalId: uuid(match[1]!.toLowerCase()), token: match[2]!.toLowerCase() } : null;
}

/** The approval an approval mail's Message-ID names, or null for any other Message-ID. */
export function approvalOfMessageId(messageId: string): string | null {
  const match = /^<?apr\.([0-9a-f]{32})\.[0-9a-f]+@/i.exec(messageId.trim());
  return match ? uuid(match[1]!.toLowerCase()) : null;
}

/** Where the quoted mail starts in a reply: a `>` line, "On … wrote:", an Outlook header block, a signature. */
const QUOTE_START = [/^>/, /^On .+wrote:\s*$/i, /^-{2,}\s*Original Message/i, /^_{5,}/, /^From:\s/i, /^-- ?$/];
const WORD = /^\s*(approved?|reject(?:ed)?)\b[\s:,.;!-]*(.*)$/i;

/**
 * What a reply decides: its first line of its own text starts with "approve(d)" or "reject(ed)";
 * the rest of that line and the lines after it, down to the quoted mail, are the comment. Null when
 * the reply starts with anything else (nothing is guessed from words further down).
 */
export function parseApprovalReply(text: string): { decision: ApprovalDecision; comment: string | null } | null {
  const own: string[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (QUOTE_START.some((r) => r.test(line.trim()))) break;
    own.push(line);
  }
  const first = own.findIndex((l) => l.trim() !== '');
  if (first < 0) return null;
  const match = WORD.exec(own[first]!);
  if (!match) return null;
  const decision: ApprovalDecision = match[1]!.toLowerCase().startsWith('approve') ? 'approved' : 'rejected';
  const comment = [match[2]!, ...own.slice(first + 1)].join('\n').trim().slice(0, 4000);
  return { decision, comment: comment || null };
}
