import { JobKeys, UnknownJob } from './job-keys';
import { checkJobResult } from './job-result';

describe('job keys', () => {
  const keys = new JobKeys('a secret of the server');
  const token = new Uint8Array([1, 2, 3, 250]);

  it('carry the job kind beside the token, signed with it', () => {
    const plain = keys.decode(keys.encode('wf-1', '7', token));
    expect(plain).toEqual({ workflowId: 'wf-1', activityId: '7', token });
    expect(keys.decode(keys.encode('wf-1', '8', token, { taskListener: 'completing' })).tag).toEqual({ taskListener: 'completing' });
    const adHoc = { adHocSubProcess: { definitionId: '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed', elementId: 'agent' } };
    expect(keys.decode(keys.encode('wf-1', '9', token, adHoc)).tag).toEqual(adHoc);
  });

  it('refuses a key whose kind was changed, or that another server signed', () => {
    const key = keys.encode('wf-1', '9', token, { taskListener: 'creating' });
    const parts = key.split('.');
    parts[3] = Buffer.from('adHocSubProcess 1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed agent').toString('base64url');
    expect(() => keys.decode(parts.join('.'))).toThrow(UnknownJob);
    expect(() => new JobKeys('another secret').decode(key)).toThrow(UnknownJob);
  });
});

describe('job results', () => {
  const adHocJob = { adHocSubProcess: { definitionId: 'd', elementId: 'agent' } };

  it('take an ad-hoc result only on an ad-hoc sub-process’s job, never activating and completing at once', () => {
    expect(() => checkJobResult(adHocJob, { type: 'adHocSubProcess', activateElements: [{ elementId: 'a' }] })).not.toThrow();
    expect(() => checkJobResult(adHocJob, { type: 'adHocSubProcess', isCompletionConditionFulfilled: true })).not.toThrow();
    expect(() =>
      checkJobResult(adHocJob, { type: 'adHocSubProcess', activateElements: [{ elementId: 'a' }], isCompletionConditionFulfilled: true }),
    ).toThrow(expect.objectContaining({ field: 'payload.result.activateElements' }));
    expect(() => checkJobResult(undefined, { type: 'adHocSubProcess', isCompletionConditionFulfilled: true })).toThrow(
      expect.objectContaining({ field: 'payload.result.type' }),
    );
    expect(() => checkJobResult({ taskListener: 'completing' }, { type: 'adHocSubProcess' })).toThrow(
      expect.objectContaining({ field: 'payload.result.type' }),
    );
  });

  it('refuse a task listener’s denial or corrections on an ad-hoc sub-process’s job', () => {
    expect(() => checkJobResult(adHocJob, { denied: true })).toThrow(expect.objectContaining({ field: 'payload.result.type' }));
    expect(() => checkJobResult(adHocJob, { corrections: { priority: 10 } })).toThrow(
      expect.objectContaining({ field: 'payload.result.type' }),
    );
    expect(() => checkJobResult({ taskListener: 'completing' }, { denied: true })).not.toThrow();
  });
});
