import pg from 'pg';

/**
 * The `pg` client the ORM's pool hands out. Row-level security needs every query in a transaction that
 * first sets the tenant (`begin`, `select set_config(…, true)`, the query, `commit`), and the ORM awaits
 * each of those statements before sending the next: four round trips to the database for one read.
 * Where the database is far (another zone, a managed service), those round trips, not the queries,
 * bound how much a connection pool can carry.
 *
 * This client runs in `pg`'s pipeline mode and does not wait for the two statements of that preamble:
 * it sends them and answers at once, so they travel with the query that follows and the three share one
 * round trip. Their outcome is not lost: the server answers in order, and an error of either is raised
 * by the next statement of the same transaction instead (a rollback excepted, which is how the caller
 * ends such a transaction). PostgreSQL aborts a transaction whose statement failed, so nothing runs under
 * a scope that was not set; the policies fail closed besides.
 *
 * The `commit` of a transaction that only read (ORM-built selects) is deferred the same way: there is nothing of it to
 * lose, and under read committed (the only level Flowdesk uses) such a commit cannot fail but with the
 * connection, which the next statement on it then reports. The connection goes back to the pool at
 * once, and the next transaction on it is sent behind that commit. So a standalone read, four round
 * trips by the book, takes one.
 *
 * Only those shapes are deferred — exactly what MikroORM sends for `sessionContext: 'transaction'`
 * (`AbstractSqlConnection.applySessionContext`) and kysely for a plain `begin` and `commit` — and
 * everything else, a commit after any statement that is not a plain `select` included, is answered when
 * the server has answered it.
 *
 * What is not waited for is not written on its own either: the preamble and a deferred commit are held
 * in the socket (corked) and leave in one write with the next statement sent, or at the end of the
 * event loop's turn when none follows. On a loopback connection each write is a system call that wakes
 * the server's backend; the scale-out profile showed socket writes as a fifth of an API node's CPU, and
 * a standalone read took four of them where it now takes two.
 *
 * One more shape goes ahead: a statement led by {@link COMMIT_FOLLOWS} is its transaction's last, and
 * the client sends the `commit` right behind it instead of when the caller asks. That is for a write
 * made under a row lock others queue for (routing into a group): the lock is released a round trip
 * sooner. The statement must check its own preconditions (fail rather than answer "nothing done",
 * `flowdesk_expect_row`), because once it succeeded its transaction is committed whatever the caller
 * decides next: the caller's `commit` then answers with that commit's outcome (a deferred constraint's
 * failure included), a `rollback` after a success is refused loudly, and so is any further statement.
 * When the statement fails, PostgreSQL turns the commit behind it into a rollback. In a transaction that
 * set a savepoint (a nested `transactional`) the mark is ignored: there the statement is not the last.
 */
export class PipelinedClient extends pg.Client {
  /** The first error of a deferred statement not yet raised, in this connection's current transaction. */
  deferredError: Error | undefined;
  /** Whether every statement since `begin` was a plain `select`; unset outside a transaction begun here. */
  readOnly: boolean | undefined;
  /** The commit sent behind a {@link COMMIT_FOLLOWS} statement, until the caller ends the transaction. */
  sentCommit: Promise<pg.QueryResult> | undefined;
  /** Whether the current transaction set a savepoint: a nested unit of work, whose last statement is not the transaction's. */
  nested = false;
  /** Whether statements not waited for are held in the socket, to leave with the next one sent. */
  holding = false;

  constructor(config?: string | pg.ClientConfig) {
    // Set after the fact: the pool's options hide the password from enumeration, so a copy would lose it.
    super(config);
    (this as { pipeline: boolean }).pipeline = true;
  }
}

/**
 * Leads a statement that is its transaction's last: the commit is sent right behind it (see
 * {@link PipelinedClient}). A comment, so the statement means the same to any other client.
 */
export const COMMIT_FOLLOWS = '/* flowdesk: last statement, commit follows */ ';

const BEGIN = /^begin$/i;
/** As kysely sets one for MikroORM's nested `transactional`: `savepoint "trx1"`. */
const SAVEPOINT = /^savepoint /i;
const COMMIT = /^commit$/i;
const ROLLBACK = /^rollback$/i;
/**
 * A read: a select as MikroORM's query builder writes it (`select "t0".*`, `select "u0"."id", …`,
 * `select count(…`). A hand-written `select` may call a function that writes
 * (`select flowdesk_revoke_refresh_tokens(…)`), whose commit the caller must see done before it goes
 * on, so it counts as a write, as does a CTE or anything else.
 */
const READ = /^select (?:"|count\()/i;
/** An argument of set_config: a placeholder, or the quoted literal MikroORM inlines in its place. */
const ARGUMENT = String.raw`(?:\$\d+|'(?:[^']|'')*')`;
const SET_LOCAL = String.raw`set_config\(${ARGUMENT}, ${ARGUMENT}, true\)`;
/** MikroORM's `select set_config(?, ?, true), …`, its parameters inlined or numbered. */
const SESSION_SETTINGS = new RegExp(String.raw`^select ${SET_LOCAL}(?:, ${SET_LOCAL})*$`);

/** Whether the client may answer `text` before the server does, in any transaction. Exported for its unit spec. */
export function isDeferredPreamble(text: string): boolean {
  return BEGIN.test(text) || SESSION_SETTINGS.test(text);
}

/** The socket `pg` writes to; absent only on a client that was never given one. */
function socketOf(client: PipelinedClient): { cork(): void; uncork(): void } | undefined {
  return (client as unknown as { connection?: { stream?: { cork(): void; uncork(): void } } }).connection?.stream;
}

/** Holds what is written next in the socket until {@link release}, at the latest at the end of this turn. */
function holdBack(client: PipelinedClient): void {
  const socket = socketOf(client);
  if (client.holding || !socket) return;
  socket.cork();
  client.holding = true;
  // A transaction its caller abandons after its preamble must not hold that preamble for ever.
  setImmediate(() => release(client));
}

/** Writes what {@link holdBack} held, with whatever was written since. */
function release(client: PipelinedClient): void {
  if (!client.holding) return;
  client.holding = false;
  socketOf(client)?.uncork();
}

type Callback = (err: Error | null, result?: pg.QueryResult) => void;
type BaseQuery = (this: pg.Client, text: unknown, values?: unknown, callback?: Callback) => unknown;
const baseQuery = pg.Client.prototype.query as unknown as BaseQuery;

/** The answer the client gives itself for `text` (a preamble, a deferred commit, a rollback the server already did). */
function localResult(text: string): pg.QueryResult {
  const command = BEGIN.test(text) ? 'BEGIN' : COMMIT.test(text) ? 'COMMIT' : ROLLBACK.test(text) ? 'ROLLBACK' : 'SELECT';
  return { command, rowCount: command === 'SELECT' ? 1 : null, oid: 0, rows: [], fields: [] };
}

/**
 * `query` of {@link PipelinedClient}. Defined on the prototype rather than as a method: `pg.Client#query`
 * has a dozen overloads a subclass would have to repeat. Only the promise form with text and an array of
 * values (what kysely sends) is handled here; query objects and callbacks go to `pg` unchanged.
 *
 * Results are taken through callbacks because `pg` calls them synchronously, in the order the server
 * answers: a deferred statement's error is therefore always recorded before the next statement's answer
 * is handled, whatever the promise scheduling.
 */
function pipelinedQuery(this: PipelinedClient, text: unknown, values?: unknown, callback?: unknown): unknown {
  if (typeof text !== 'string' || callback !== undefined || (values !== undefined && !Array.isArray(values))) {
    const result = baseQuery.call(this, text, values, callback as Callback | undefined);
    release(this);
    return result;
  }
  if (this.sentCommit) return afterSentCommit(this, text);
  const readOnlyCommit = COMMIT.test(text) && this.readOnly === true && this.deferredError === undefined;
  if (isDeferredPreamble(text) || readOnlyCommit) {
    if (BEGIN.test(text)) {
      // A new transaction: whatever the last one left unraised belonged to it, and it has ended.
      this.deferredError = undefined;
      this.readOnly = true;
      this.nested = false;
    }
    if (readOnlyCommit) this.readOnly = undefined;
    holdBack(this);
    baseQuery.call(this, text, values, (err) => {
      if (err) this.deferredError ??= err;
    });
    return Promise.resolve(localResult(text));
  }
  if (SAVEPOINT.test(text)) this.nested = true;
  // Inside a savepoint the statement ends a nested unit of work only; the enclosing one goes on.
  const last = text.startsWith(COMMIT_FOLLOWS) && this.readOnly !== undefined && !this.nested;
  if (COMMIT.test(text) || ROLLBACK.test(text) || last) this.readOnly = undefined;
  else if (this.readOnly !== undefined && (!READ.test(text) || /\bfor\s+(update|share|no\s+key\s+update|key\s+share)\b/i.test(text)))
    this.readOnly = false;
  const answer = new Promise<pg.QueryResult>((resolve, reject) => {
    baseQuery.call(this, text, values, (err, result) => {
      const deferred = this.deferredError;
      this.deferredError = undefined;
      // The deferred error first: it is the cause ("current transaction is aborted" would be its echo).
      if (deferred && !ROLLBACK.test(text)) reject(deferred);
      else if (err) reject(err);
      else resolve(result!);
    });
  });
  if (last) {
    const sent = new Promise<pg.QueryResult>((resolve, reject) => {
      baseQuery.call(this, 'commit', [], (err, result) => (err ? reject(err) : resolve(result!)));
    });
    // Taken up by the caller's commit or rollback; until then its failure is not unhandled.
    sent.catch(() => undefined);
    this.sentCommit = sent;
  }
  release(this);
  return answer;
}

/**
 * A statement after the commit sent behind a transaction's last: the caller's `commit` answers with
 * that commit's outcome, its `rollback` is refused unless the server already rolled back (the last
 * statement failed), and anything else would run outside the transaction it was meant for, so it is
 * refused without being sent.
 */
async function afterSentCommit(client: PipelinedClient, text: string): Promise<pg.QueryResult> {
  const sent = client.sentCommit!;
  if (!COMMIT.test(text) && !ROLLBACK.test(text)) {
    throw new Error(`a statement after the transaction's last one (${COMMIT_FOLLOWS.trim()}) was refused: its commit has been sent`);
  }
  client.sentCommit = undefined;
  let result: pg.QueryResult;
  try {
    result = await sent;
  } catch (err) {
    // A commit that failed (a deferred constraint) rolled the transaction back: what a rollback asks.
    if (ROLLBACK.test(text)) return localResult(text);
    throw err;
  }
  if (COMMIT.test(text) && result.command !== 'COMMIT') {
    throw new Error('the transaction was rolled back: its last statement failed');
  }
  if (ROLLBACK.test(text) && result.command === 'COMMIT') {
    throw new Error(`the transaction cannot be rolled back: its last statement (${COMMIT_FOLLOWS.trim()}) succeeded and it is committed`);
  }
  return result;
}

Object.defineProperty(PipelinedClient.prototype, 'query', { value: pipelinedQuery, writable: true, configurable: true });
