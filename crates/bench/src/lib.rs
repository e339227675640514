//! The load tool behind `paycenter-bench` (see BENCHMARKS.md). Real HTTP and WebSocket against a
//! paycenter started in-process, spawned as a child process, or external; every loop is bounded
//! in count and time.

pub mod client;
pub mod limits;
pub mod phases;
pub mod reconcile;
pub mod report;
pub mod server;
pub mod stats;
