//! The generation check behind `data::use_query`: every request gets a ticket, and only the
//! answer to the newest ticket is kept, so a slow older request that finishes after a newer
//! one can never overwrite the newer answer.

/// The newest answer, and which request generation it belongs to.
#[derive(Debug, Clone)]
pub struct Latest<T> {
    issued: u64,
    accepted: Option<(u64, T)>,
}

impl<T> Default for Latest<T> {
    fn default() -> Self {
        Latest { issued: 0, accepted: None }
    }
}

impl<T> Latest<T> {
    /// A new request starts: returns its ticket. Every earlier ticket is stale from now on.
    pub fn begin(&mut self) -> u64 {
        self.issued += 1;
        self.issued
    }

    /// An answer arrives. It is kept only when its ticket is the newest one issued; returns
    /// whether it was kept.
    pub fn finish(&mut self, ticket: u64, answer: T) -> bool {
        if ticket != self.issued {
            return false;
        }
        self.accepted = Some((ticket, answer));
        true
    }

    /// The answer to show: the newest accepted one (possibly of an earlier request while the
    /// newest is still on its way).
    pub fn value(&self) -> Option<&T> {
        self.accepted.as_ref().map(|(_, answer)| answer)
    }

    /// True while the newest request has not been answered.
    #[cfg(test)]
    pub fn waiting(&self) -> bool {
        self.accepted.as_ref().is_none_or(|(ticket, _)| *ticket != self.issued)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_answer_finishing_after_a_newer_one_is_dropped() {
        let mut latest = Latest::default();
        let first = latest.begin(); // e.g. the search "ks"
        let second = latest.begin(); // then "kserve"
        assert!(latest.waiting());
        assert!(latest.finish(second, "answer to kserve"));
        assert!(!latest.finish(first, "answer to ks"), "the stale answer must be dropped");
        assert_eq!(latest.value(), Some(&"answer to kserve"));
        assert!(!latest.waiting());
    }

    #[test]
    fn an_older_answer_arriving_first_is_dropped_too_and_the_old_value_stays() {
        let mut latest = Latest::default();
        let first = latest.begin();
        assert!(latest.finish(first, 1));
        let second = latest.begin();
        let third = latest.begin();
        assert!(!latest.finish(second, 2));
        assert_eq!(latest.value(), Some(&1), "what was shown stays until the newest answer");
        assert!(latest.waiting());
        assert!(latest.finish(third, 3));
        assert_eq!(latest.value(), Some(&3));
    }
}
