import { mtaVerdict } from './mail-authentication';

describe('mtaVerdict: Authentication-Results of our own MTA about the From domain', () => {
  const from = 'tomas@flowdesk.example';
  const ours = 'mx.flowdesk.example';

  it.each([
    ['aligned DKIM', [`${ours}; dkim=pass header.d=flowdesk.example header.s=s1; spf=softfail smtp.mailfrom=x@other.example`], 'pass'],
    ['DMARC for the From domain', [`${ours}; dmarc=pass (p=reject) header.from=flowdesk.example`], 'pass'],
    ['aligned SPF', [`${ours}; spf=pass smtp.mailfrom=bounce@flowdesk.example`], 'pass'],
    ['DKIM of another domain only', [`${ours}; dkim=pass header.d=mailer.example`], 'none'],
    ['SPF of another envelope sender only', [`${ours}; spf=pass smtp.mailfrom=bulk@mailer.example`], 'none'],
    ['DMARC failing', [`${ours}; dmarc=fail header.from=flowdesk.example`], 'fail'],
    ['aligned DKIM failing', [`${ours}; dkim=fail header.d=flowdesk.example`], 'fail'],
    ['another MTA’s verdict (anyone can write one)', ['evil.example; dmarc=pass header.from=flowdesk.example'], 'none'],
    ['no header', [], 'none'],
  ])('%s → %s', (_what, headers, verdict) => {
    expect(mtaVerdict(headers, from, ours)).toBe(verdict);
  });

  it('believes nothing when no MTA is configured', () => {
    expect(mtaVerdict([`${ours}; dmarc=pass header.from=flowdesk.example`], from, undefined)).toBe('none');
  });
});
