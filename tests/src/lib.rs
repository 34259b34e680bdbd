//! archboard-tests holds only integration tests (see tests/); this library is empty.
