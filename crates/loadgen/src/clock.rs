//! The clock a run measures with and waits on: the OS clock in production, or tokio's clock, which
//! a paused test runtime turns into virtual time so timing tests assert exact figures.

use std::time::{Duration, Instant};

/// Where a run reads the time and how its open-loop dispatcher waits for a due instant.
///
/// An enum rather than a trait: there are exactly two clocks, and the production one must stay a
/// plain `Instant::now()` with no indirection on the hot path.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Clock {
    /// `std::time::Instant`; the open-loop dispatcher owns a thread and waits with the OS sleep
    /// plus a short yield loop, because tokio's timer ticks in whole milliseconds and would make
    /// sends up to a millisecond late at high rates. What every real run uses.
    #[default]
    Os,
    /// tokio's clock (`tokio::time::Instant`), and every wait a tokio sleep, the dispatcher's
    /// included (so it has millisecond resolution). Under a paused runtime
    /// (`#[tokio::test(start_paused = true)]`) time stands still while any task can run and jumps
    /// to the next timer when none can: a run against a simulated server then takes no wall time
    /// and its latencies are exactly the server's delays.
    Tokio,
}

impl Clock {
    pub fn now(self) -> Instant {
        match self {
            Clock::Os => Instant::now(),
            // A paused clock's instants are a real base plus the virtual time advanced, so they
            // convert to `std` instants that compare and subtract as usual.
            Clock::Tokio => tokio::time::Instant::now().into_std(),
        }
    }

    /// The time since `earlier` (zero if `earlier` is later).
    pub fn since(self, earlier: Instant) -> Duration {
        self.now().saturating_duration_since(earlier)
    }

    /// Sleeps on tokio's timer until `at`: the coarse waits of a phase (windows, pauses, polling
    /// for answers) on either clock, and the open-loop dispatcher's waits on `Clock::Tokio`.
    pub async fn sleep_until(self, at: Instant) {
        tokio::time::sleep_until(tokio::time::Instant::from_std(at)).await;
    }
}
