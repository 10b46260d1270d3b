import { randomUUID } from 'node:crypto';
import { ApprovalLinks } from './approval-links';
import {
  approvalMessageIdPrefix,
  approvalOfMessageId,
  approvalReplyTag,
  parseApprovalReply,
  parseApprovalReplyTag,
} from './approval-reply-threading';

describe('approval mail replies', () => {
  const id = randomUUID();

  it.each([
    ['Approve', 'approved', null],
    ['approved.\nFine by me\n\nOn Mon, 3 Dec 2026 the desk wrote:\n> Approve: https://x', 'approved', 'Fine by me'],
    ['  REJECT: not during the audit\nsecond line\n> quoted', 'rejected', 'not during the audit\nsecond line'],
    ['\n\nrejected - too risky\n-- \nAda', 'rejected', 'too risky'],
  ])('reads %j as %s with its comment', (text, decision, comment) => {
    expect(parseApprovalReply(text)).toEqual({ decision, comment });
  });

  it.each(['Let me think about it, approve later', 'Approvement pending', '> Approve', '', 'On Monday the desk wrote:\nApprove'])(
    'finds no decision in %j',
    (text) => {
      expect(parseApprovalReply(text)).toBeNull();
    },
  );

  it('names the approval in the Message-ID and the reply address, and nothing else parses as one', () => {
    expect(approvalOfMessageId(`<${approvalMessageIdPrefix(id)}0123abcd@flowdesk.test>`)).toBe(id);
    expect(approvalOfMessageId('<0123abcd@flowdesk.test>')).toBeNull();
    expect(parseApprovalReplyTag(approvalReplyTag(id, 'abcdef0123'))).toEqual({ approvalId: id, token: 'abcdef0123' });
    expect(parseApprovalReplyTag('inc0001042.abcdef')).toBeNull();
    expect(parseApprovalReplyTag(null)).toBeNull();
  });

  it('signs the reply token for the person mailed and the holder then', () => {
    const links = new ApprovalLinks('a-server-secret-of-at-least-32-characters');
    const token = links.replyToken(id, 'ada', 'ada');
    expect(links.verifyReplyToken(id, 'ada', 'ada', token)).toBe(true);
    expect(links.verifyReplyToken(id, 'ben', 'ada', token)).toBe(false);
    expect(links.verifyReplyToken(id, 'ada', 'dora', token)).toBe(false);
    expect(links.verifyReplyToken(randomUUID(), 'ada', 'ada', token)).toBe(false);
  });
});
