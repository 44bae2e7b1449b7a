//! The PostgreSQL engine's connections, for a store whose methods block. Each connection's
//! socket is driven by a small runtime the pool owns, and a caller waits for its query by parking
//! its own thread ([`block_on`]), so a store method may be called from any thread: a blocking
//! task's, a plain thread's, or (in a test) an async one, where the client's own runtime would
//! refuse to start. A [`Session`] is one pooled connection with its prepared statements; a
//! [`Tx`] is a transaction on it that rolls back unless committed.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::pin::pin;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, Config, NoTls, Row, Statement};

use crate::error::Error;

/// How long a caller waits for a free connection before it is told the database is overloaded.
const WAIT_FOR_CONNECTION: Duration = Duration::from_secs(30);

/// Query parameters.
pub(super) type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// Runs `future` to completion on this thread, parking it while the future waits.
pub(super) fn block_on<F: Future>(future: F) -> F::Output {
    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
        std::thread::park();
    }
}

/// Connections to one database, at most `max` open at once.
#[derive(Debug)]
pub(super) struct Pool {
    config: Config,
    runtime: Option<tokio::runtime::Runtime>,
    state: Mutex<State>,
    freed: Condvar,
    max: usize,
}

#[derive(Debug, Default)]
struct State {
    idle: Vec<Session>,
    open: usize,
}

impl Pool {
    /// A pool for `config`; connects nothing yet.
    pub(super) fn new(config: Config, max: usize) -> Result<Pool, Error> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("jinlin-postgres")
            .enable_all()
            .build()?;
        Ok(Pool {
            config,
            runtime: Some(runtime),
            state: Mutex::new(State::default()),
            freed: Condvar::new(),
            max: max.max(1),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Nothing in the state is left half-changed by a panic: a lost count only costs a slot.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A connection: an idle one, a new one while fewer than `max` are open, or the next one
    /// returned.
    pub(super) fn get(&self) -> Result<Pooled<'_>, Error> {
        let mut state = self.lock();
        loop {
            while let Some(session) = state.idle.pop() {
                if !session.client.is_closed() {
                    return Ok(Pooled {
                        pool: self,
                        session: Some(session),
                    });
                }
                state.open -= 1;
            }
            if state.open < self.max {
                state.open += 1;
                drop(state);
                return match self.connect() {
                    Ok(session) => Ok(Pooled {
                        pool: self,
                        session: Some(session),
                    }),
                    Err(e) => {
                        self.lock().open -= 1;
                        self.freed.notify_one();
                        Err(e)
                    }
                };
            }
            let (next, waited) = self
                .freed
                .wait_timeout(state, WAIT_FOR_CONNECTION)
                .unwrap_or_else(|p| p.into_inner());
            state = next;
            if waited.timed_out() && state.idle.is_empty() && state.open >= self.max {
                return Err(Error::Task(format!(
                    "all {} database connections stayed busy for {}s",
                    self.max,
                    WAIT_FOR_CONNECTION.as_secs()
                )));
            }
        }
    }

    /// Keeps a connection open of its own that `LISTEN`s on `channel` and calls `wake` for every
    /// notification, until `stop` is set; when the connection fails it is opened again after
    /// `retry` (and `wake` is called, since a notification may have been missed meanwhile).
    pub(super) fn spawn_listener(
        &self,
        channel: String,
        wake: Box<dyn Fn() + Send + Sync>,
        stop: Arc<std::sync::atomic::AtomicBool>,
        retry: Duration,
    ) -> Result<(), Error> {
        use std::sync::atomic::Ordering;
        use tokio_postgres::AsyncMessage;
        let runtime = self
            .runtime
            .as_ref()
            .ok_or_else(|| Error::Task("the store is closed".into()))?;
        let config = self.config.clone();
        let listen = format!("LISTEN \"{}\"", channel.replace('"', "\"\""));
        runtime.spawn(async move {
            while !stop.load(Ordering::Acquire) {
                match config.connect(NoTls).await {
                    Ok((client, mut connection)) => {
                        let listening = client.batch_execute(&listen);
                        let mut listening = std::pin::pin!(listening);
                        let mut ready = false;
                        loop {
                            if stop.load(Ordering::Acquire) {
                                return;
                            }
                            let tick = tokio::time::sleep(retry);
                            let message = std::future::poll_fn(|cx| {
                                if !ready && let Poll::Ready(r) = listening.as_mut().poll(cx) {
                                    ready = true;
                                    if let Err(e) = r {
                                        return Poll::Ready(Some(Err(e)));
                                    }
                                    // Listening now: whatever came before is read by polling.
                                    wake();
                                }
                                connection.poll_message(cx)
                            });
                            tokio::select! {
                                m = message => match m {
                                    Some(Ok(AsyncMessage::Notification(_))) => wake(),
                                    Some(Ok(_)) => {}
                                    Some(Err(e)) => {
                                        tracing::warn!(error = %e, "the journal listener's connection failed; reconnecting");
                                        break;
                                    }
                                    None => break,
                                },
                                _ = tick => {}
                            }
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "the journal listener cannot connect; retrying"),
                }
                wake();
                tokio::time::sleep(retry).await;
            }
        });
        Ok(())
    }

    fn connect(&self) -> Result<Session, Error> {
        let config = self.config.clone();
        let runtime = self
            .runtime
            .as_ref()
            .ok_or_else(|| Error::Task("the store is closed".into()))?;
        let client = block_on(runtime.spawn(async move {
            let (client, connection) = config.connect(NoTls).await?;
            tokio::spawn(async move {
                if let Err(e) = connection.await {
                    tracing::warn!(error = %e, "a database connection ended");
                }
            });
            Ok::<_, tokio_postgres::Error>(client)
        }))
        .map_err(|e| Error::Task(e.to_string()))??;
        Ok(Session {
            client,
            statements: RefCell::new(HashMap::new()),
            broken: Cell::new(false),
        })
    }

    fn put_back(&self, session: Session) {
        let mut state = self.lock();
        if session.client.is_closed() || session.broken.get() {
            state.open -= 1;
        } else {
            state.idle.push(session);
        }
        drop(state);
        self.freed.notify_one();
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        // Without waiting: a store may be dropped on an async thread, where waiting is refused.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// A connection taken from the pool, returned when dropped.
#[derive(Debug)]
pub(super) struct Pooled<'a> {
    pool: &'a Pool,
    session: Option<Session>,
}

impl std::ops::Deref for Pooled<'_> {
    type Target = Session;
    fn deref(&self) -> &Session {
        self.session
            .as_ref()
            .expect("a pooled session is present until dropped")
    }
}

impl Pooled<'_> {
    /// Closes the connection instead of returning it (its state is unknown).
    pub(super) fn discard(&self) {
        if let Some(session) = &self.session {
            session.broken.set(true);
        }
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        if let Some(session) = self.session.take() {
            self.pool.put_back(session);
        }
    }
}

/// One connection and the statements prepared on it.
#[derive(Debug)]
pub(super) struct Session {
    client: Client,
    statements: RefCell<HashMap<String, Statement>>,
    /// A rollback failed: the connection's state is unknown, so it is not reused.
    broken: Cell<bool>,
}

impl Session {
    fn prepared(&self, sql: &str) -> Result<Statement, Error> {
        if let Some(statement) = self.statements.borrow().get(sql) {
            return Ok(statement.clone());
        }
        let statement = block_on(self.client.prepare(sql))?;
        self.statements.borrow_mut().insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    /// Every row `sql` returns.
    pub(super) fn query(&self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, Error> {
        let statement = self.prepared(sql)?;
        Ok(block_on(self.client.query(&statement, params))?)
    }

    /// The one row `sql` returns, if any.
    pub(super) fn query_opt(&self, sql: &str, params: Params<'_>) -> Result<Option<Row>, Error> {
        let statement = self.prepared(sql)?;
        Ok(block_on(self.client.query_opt(&statement, params))?)
    }

    /// The one row `sql` returns.
    pub(super) fn query_one(&self, sql: &str, params: Params<'_>) -> Result<Row, Error> {
        let statement = self.prepared(sql)?;
        Ok(block_on(self.client.query_one(&statement, params))?)
    }

    /// Sends `first` and `then` (no parameters) at once and returns the one row of each: one
    /// round trip. `then` runs as a statement of its own after `first` has finished.
    pub(super) fn query_one_then(&self, first: &str, then: &str) -> Result<(Row, Row), Error> {
        let (a, b) = (self.prepared(first)?, self.prepared(then)?);
        let (a, b) =
            block_on(async { tokio::try_join!(self.client.query_one(&a, &[]), self.client.query_one(&b, &[])) })?;
        Ok((a, b))
    }

    /// Runs `sql`; the rows it changed.
    pub(super) fn execute(&self, sql: &str, params: Params<'_>) -> Result<u64, Error> {
        let statement = self.prepared(sql)?;
        Ok(block_on(self.client.execute(&statement, params))?)
    }

    /// Runs statements with no parameters (a migration, a transaction's start or end), unprepared.
    pub(super) fn batch(&self, sql: &str) -> Result<(), Error> {
        Ok(block_on(self.client.batch_execute(sql))?)
    }

    /// Forgets the prepared statements (after a migration changed the tables they read).
    pub(super) fn forget_statements(&self) {
        self.statements.borrow_mut().clear();
    }

    /// Starts a transaction (`begin` is the statement: `BEGIN`, or one with an isolation level).
    pub(super) fn transaction_with(&self, begin: &str) -> Result<Tx<'_>, Error> {
        self.batch(begin)?;
        Ok(Tx {
            session: self,
            done: false,
        })
    }

    /// Starts a read-committed transaction.
    pub(super) fn transaction(&self) -> Result<Tx<'_>, Error> {
        self.transaction_with("BEGIN")
    }
}

/// A transaction that rolls back unless [`Tx::commit`] succeeds.
#[derive(Debug)]
pub(super) struct Tx<'a> {
    session: &'a Session,
    done: bool,
}

impl Tx<'_> {
    /// Commits; durable when it returns `Ok` (PostgreSQL's `synchronous_commit` decides how),
    /// unless the transaction turned `synchronous_commit` off.
    pub(super) fn commit(mut self) -> Result<(), Error> {
        self.done = true;
        let committed = self.session.batch("COMMIT");
        if committed.is_err() {
            self.session.broken.set(true);
        }
        committed
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Session;
    fn deref(&self) -> &Session {
        self.session
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.done && self.session.batch("ROLLBACK").is_err() {
            self.session.broken.set(true);
        }
    }
}
