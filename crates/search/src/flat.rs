//! Read-only arrays of plain numbers that are either built in memory or a view of a
//! memory-mapped snapshot file, so the index reads the same way from both.

use std::ops::Deref;
use std::sync::Arc;

/// Numbers that may be read straight from file bytes: no padding, every bit pattern valid.
///
/// # Safety
/// Only for types of which every bit pattern is a valid value and that have no padding.
pub unsafe trait Plain: Copy + 'static {}
unsafe impl Plain for u8 {}
unsafe impl Plain for u32 {}

/// An array of `T`: owned, or `len` values at byte offset `off` of a mapped file. Read through
/// one pointer and length either way, so reading a value costs no check of which it is (the
/// search reads millions per keystroke).
pub struct Arr<T: Plain> {
    ptr: *const T,
    len: usize,
    /// What keeps the values alive (never changed while the view exists).
    _keep: Keep<T>,
}

#[allow(dead_code)] // held only to keep the memory alive
enum Keep<T> {
    Owned(Vec<T>),
    Mapped(Arc<memmap2::Mmap>),
}

// SAFETY: an Arr is a read-only view of memory owned by `_keep` (a Vec that is never changed or
// a read-only map shared by Arc); T is Plain (plain numbers), so sharing it between threads is
// sharing immutable numbers.
unsafe impl<T: Plain + Send + Sync> Send for Arr<T> {}
unsafe impl<T: Plain + Send + Sync> Sync for Arr<T> {}

impl<T: Plain> Arr<T> {
    /// A view of `len` values at byte `off` of `map`; None when out of bounds or misaligned.
    pub fn mapped(map: &Arc<memmap2::Mmap>, off: usize, len: usize) -> Option<Arr<T>> {
        let bytes = len.checked_mul(std::mem::size_of::<T>())?;
        let end = off.checked_add(bytes)?;
        if end > map.len() || !(map.as_ptr() as usize + off).is_multiple_of(std::mem::align_of::<T>()) {
            return None;
        }
        // SAFETY: off + bytes is within the map (checked above).
        let ptr = unsafe { map.as_ptr().add(off) } as *const T;
        Some(Arr { ptr, len, _keep: Keep::Mapped(map.clone()) })
    }
}

impl<T: Plain> Default for Arr<T> {
    fn default() -> Self {
        Arr::from(Vec::new())
    }
}

impl<T: Plain> From<Vec<T>> for Arr<T> {
    fn from(v: Vec<T>) -> Self {
        // the Vec's buffer does not move when the Vec is moved into `_keep`
        Arr { ptr: v.as_ptr(), len: v.len(), _keep: Keep::Owned(v) }
    }
}

impl<T: Plain> Deref for Arr<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        // SAFETY: ptr/len describe values owned by `_keep` (a Vec's buffer, or bounds and
        // alignment checked in `mapped`); T is Plain, so any bytes are a valid T; nothing
        // changes them while self lives.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}

impl<T: Plain + std::fmt::Debug> std::fmt::Debug for Arr<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Arr(len {})", self.len())
    }
}

/// The bytes of a slice of plain numbers (little-endian on the machines loket runs on).
pub fn as_bytes<T: Plain>(v: &[T]) -> &[u8] {
    // SAFETY: T is Plain (no padding), so its memory is initialised bytes.
    unsafe { std::slice::from_raw_parts(v.as_ptr() as *const u8, std::mem::size_of_val(v)) }
}
