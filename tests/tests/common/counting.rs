//! A counting global allocator for the memory tests: live heap bytes and their peak, the
//! whole process's and the client thread's alone (the test's: `#[tokio::test]` runs the
//! client and its connection there; the test's server runs on a thread of its own).
#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicIsize, Ordering};

/// Counts live heap bytes and their peak: the whole process's, and the test thread's alone.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);
static CLIENT_LIVE: AtomicIsize = AtomicIsize::new(0);
static CLIENT_PEAK: AtomicIsize = AtomicIsize::new(0);

thread_local! {
    /// Whether this thread is the client's (the test's: `#[tokio::test]` runs the client, its
    /// connection and the stream on it; the server runs on a thread of its own).
    pub static CLIENT: Cell<bool> = const { Cell::new(false) };
}

fn on_client_thread() -> bool {
    CLIENT.try_with(Cell::get).unwrap_or(false)
}

fn grew(bytes: usize) {
    let bytes = bytes as isize;
    PEAK.fetch_max(LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes, Ordering::Relaxed);
    if on_client_thread() {
        CLIENT_PEAK.fetch_max(CLIENT_LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes, Ordering::Relaxed);
    }
}

fn shrank(bytes: usize) {
    LIVE.fetch_sub(bytes as isize, Ordering::Relaxed);
    if on_client_thread() {
        CLIENT_LIVE.fetch_sub(bytes as isize, Ordering::Relaxed);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            grew(layout.size());
        }
        pointer
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc_zeroed(layout) };
        if !pointer.is_null() {
            grew(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        shrank(layout.size());
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            shrank(layout.size());
            grew(new_size);
        }
        moved
    }
}

/// Peak live bytes above the current ones, from now on.
pub struct Watch {
    live: isize,
    client_live: isize,
}

impl Watch {
    pub fn start() -> Watch {
        let live = LIVE.load(Ordering::Relaxed);
        let client_live = CLIENT_LIVE.load(Ordering::Relaxed);
        PEAK.store(live, Ordering::Relaxed);
        CLIENT_PEAK.store(client_live, Ordering::Relaxed);
        Watch { live, client_live }
    }

    /// The process's peak and the client thread's, above the start.
    pub fn peaks(&self) -> (usize, usize) {
        let above = |peak: &AtomicIsize, start: isize| (peak.load(Ordering::Relaxed) - start).max(0) as usize;
        (above(&PEAK, self.live), above(&CLIENT_PEAK, self.client_live))
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;
