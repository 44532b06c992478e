//! The program's allocator: the system's, asking Linux to back large blocks with huge
//! pages.
//!
//! Opening a graph of a million edges fills about 130 MB of new memory, and the kernel
//! faulting it in a 4 KiB page at a time was half of the time (65 ms of system time
//! out of 120). Linux backs memory with 2 MiB pages where a program asks for them
//! (`madvise(MADV_HUGEPAGE)`, when transparent huge pages are set to `madvise`, as
//! most distributions ship); then the same memory takes a few hundred faults, and the
//! open about 90 ms. Blocks under 4 MiB are left as they are: a huge page there would
//! mostly hold nothing. Where the kernel refuses, nothing changes.

use std::alloc::{GlobalAlloc, Layout, System};

/// Blocks of at least this many bytes are advised.
const LARGE: usize = 4 << 20;
/// The size of a huge page on x86-64 and most ARM64 kernels; advising a range that is
/// not one is harmless.
const HUGE_PAGE: usize = 2 << 20;

/// [`System`], advising large blocks to be backed with huge pages.
pub struct HugePages;

/// Asks for huge pages for the whole huge pages inside `block..block + size`.
fn advise(block: *mut u8, size: usize) {
    let start = (block as usize).next_multiple_of(HUGE_PAGE);
    let end = (block as usize + size) / HUGE_PAGE * HUGE_PAGE;
    if end > start {
        // SAFETY: the range lies within a block the system allocator has just given
        // this program; `madvise` with MADV_HUGEPAGE only changes how the kernel backs
        // it, never its contents, and a failure (an older kernel, huge pages turned
        // off) leaves it as it was, so the result is not needed.
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
        }
    }
}

// SAFETY: every call is the system allocator's, unchanged; `advise` only adds advice
// about memory that the call has just handed out.
unsafe impl GlobalAlloc for HugePages {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's promises about `layout` are the system allocator's.
        let block = unsafe { System.alloc(layout) };
        if layout.size() >= LARGE && !block.is_null() {
            advise(block, layout.size());
        }
        block
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let block = unsafe { System.alloc_zeroed(layout) };
        if layout.size() >= LARGE && !block.is_null() {
            advise(block, layout.size());
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        // SAFETY: `block` came from this allocator, which is the system's, with `layout`.
        unsafe { System.dealloc(block, layout) }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`; the new size is the caller's.
        let moved = unsafe { System.realloc(block, layout, size) };
        if size >= LARGE && !moved.is_null() {
            advise(moved, size);
        }
        moved
    }
}
