//! A fixed set of open boards (one SQLite connection each) that requests take turns with, so
//! reads run side by side over WAL instead of queueing behind one lock; writes still take the
//! board's write lock one transaction at a time (`Services::write`).

use archboard_engine::Services;
use std::sync::{Condvar, Mutex};

pub struct Pool {
    idle: Mutex<Vec<Services>>,
    returned: Condvar,
}

/// How many connections a server keeps: enough for many readers at once, few enough that each
/// stays warm (prepared statements, page cache).
pub fn default_size() -> usize {
    std::thread::available_parallelism().map_or(4, |n| n.get() * 4).clamp(4, 16)
}

impl Pool {
    pub fn new(boards: Vec<Services>) -> Pool {
        assert!(!boards.is_empty(), "a pool needs at least one board");
        Pool { idle: Mutex::new(boards), returned: Condvar::new() }
    }

    /// Runs `work` with a board of the pool, waiting for one to come back when all are busy.
    /// Blocking: call it from `spawn_blocking`.
    pub fn with<T>(&self, work: impl FnOnce(&mut Services) -> T) -> T {
        let mut lent = Lent { pool: self, services: Some(self.take()) };
        work(lent.services.as_mut().expect("a lent board"))
    }

    fn take(&self) -> Services {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(services) = idle.pop() {
                return services;
            }
            idle = self.returned.wait(idle).unwrap_or_else(|p| p.into_inner());
        }
    }
}

/// Gives the board back when the work ends, also when it panics.
struct Lent<'p> {
    pool: &'p Pool,
    services: Option<Services>,
}

impl Drop for Lent<'_> {
    fn drop(&mut self) {
        if let Some(services) = self.services.take() {
            self.pool.idle.lock().unwrap_or_else(|p| p.into_inner()).push(services);
            self.pool.returned.notify_one();
        }
    }
}
