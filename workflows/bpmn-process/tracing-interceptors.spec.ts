import { TRACE_HEADER as LIBRARY_TRACE_HEADER } from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import { TRACE_HEADER } from './tracing-interceptors';

describe('workflow tracing interceptors', () => {
  it('look for the trace context under the header the SDK writes it to', () => {
    // Written out so that an untraced run loads none of the library; a renamed header would leave every run untraced.
    expect(TRACE_HEADER).toBe(LIBRARY_TRACE_HEADER);
  });
});
