import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ConnectionException } from '@mikro-orm/core';
import { engineBusy, unavailableDependency } from './dependency-errors';

const grpc = (code: number, details: string) => Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
const sys = (code: string, message = code) => Object.assign(new Error(message), { code });
const pg = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });

describe('unavailableDependency', () => {
  it.each([
    [
      'Temporal: gRPC UNAVAILABLE wrapped by the client',
      new ServiceError('Failed to start Workflow', { cause: grpc(14, 'No connection established') }),
      'Temporal',
    ],
    ['Temporal: gRPC DEADLINE_EXCEEDED', grpc(4, 'Deadline exceeded'), 'Temporal'],
    [
      'database: the ORM’s connection exception',
      new ConnectionException(sys('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')),
      'database',
    ],
    ['database: connection refused, bare', sys('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), 'database'],
    ['database: refused, wrapped', Object.assign(new Error('query failed'), { cause: sys('ECONNRESET') }), 'database'],
    ['database: server shutting down (57P01)', pg('57P01', 'terminating connection due to administrator command'), 'database'],
    ['database: starting up (57P03)', pg('57P03', 'the database system is starting up'), 'database'],
    ['database: connection exception class 08', pg('08006', 'connection failure'), 'database'],
    ['database: dropped mid-query', new Error('Connection terminated unexpectedly'), 'database'],
    ['database: pool could not connect in time', new Error('timeout exceeded when trying to connect'), 'database'],
  ])('%s', (_name, err, expected) => {
    expect(unavailableDependency(err)).toBe(expected);
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a unique violation', pg('23505', 'duplicate key value violates unique constraint')],
    ['a syntax error in SQL', pg('42601', 'syntax error at or near ","')],
    ['Temporal refusing a request (NOT_FOUND)', new ServiceError('Failed to query', { cause: grpc(5, 'workflow not found') })],
    ['Temporal: invalid argument', grpc(3, 'invalid argument')],
    ['not an error at all', 'oops'],
  ])('is none for %s', (_name, err) => {
    expect(unavailableDependency(err)).toBeUndefined();
  });
});

describe('engineBusy', () => {
  it('is true for an update refused for too many in flight, as the client wraps it', () => {
    const refused = grpc(8, 'limit on number of concurrent in-flight updates has been reached (10)');
    expect(engineBusy(new ServiceError('Workflow Update failed', { cause: refused }))).toBe(true);
  });

  it('is true for an update no worker took before its deadline', () => {
    expect(engineBusy(new WorkflowUpdateRPCTimeoutOrCancelledError('Call cancelled', { cause: grpc(1, 'Call cancelled') }))).toBe(true);
  });

  it('is true for an update refused while the instance’s workflow task is failed or timed out (Temporal retries it)', () => {
    const refused = grpc(9, 'Unable to perform workflow execution update due to Workflow Task in failed state.');
    expect(engineBusy(new ServiceError('Workflow Update failed', { cause: refused }))).toBe(true);
  });

  it.each([
    ['another failed precondition', new ServiceError('Workflow Update failed', { cause: grpc(9, 'workflow execution already completed') })],
    ['Temporal unreachable', new ServiceError('Failed to start Workflow', { cause: grpc(14, 'No connection established') })],
    ['workflow not found', new ServiceError('Failed to query', { cause: grpc(5, 'workflow not found') })],
    ['a bug', new TypeError('x is undefined')],
  ])('is false for %s', (_name, err) => {
    expect(engineBusy(err)).toBe(false);
  });
});
