//! Hand-written runtime.
