//! Debounce arithmetic: an input is acted on only once no newer input came within the delay.
//! `data::use_debounced` drives it with the browser clock and timers.

/// Search boxes and live validation wait this long after the last keystroke.
pub const DEBOUNCE_MS: f64 = 250.0;

/// Identifies one input; only the newest one may fire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket(u64);

#[derive(Debug, Clone)]
pub struct Debounce {
    delay_ms: f64,
    generation: u64,
    last_input_ms: f64,
}

impl Debounce {
    pub fn new(delay_ms: f64) -> Self {
        Debounce { delay_ms, generation: 0, last_input_ms: f64::NEG_INFINITY }
    }

    /// Records an input at `now_ms`; the returned ticket fires when [`Debounce::due`] says so.
    pub fn input(&mut self, now_ms: f64) -> Ticket {
        self.generation += 1;
        self.last_input_ms = now_ms;
        Ticket(self.generation)
    }

    /// True when `ticket` is the newest input and the delay has passed since it.
    pub fn due(&self, ticket: Ticket, now_ms: f64) -> bool {
        ticket.0 == self.generation && now_ms - self.last_input_ms >= self.delay_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_last_of_quick_keystrokes_fires_after_the_pause() {
        let mut debounce = Debounce::new(DEBOUNCE_MS);
        let k = debounce.input(0.0);
        let ks = debounce.input(100.0);
        let kse = debounce.input(200.0);
        assert!(!debounce.due(k, 250.0), "superseded by later keystrokes");
        assert!(!debounce.due(ks, 350.0));
        assert!(!debounce.due(kse, 449.0), "the pause is not over yet");
        assert!(debounce.due(kse, 450.0));
    }
}
