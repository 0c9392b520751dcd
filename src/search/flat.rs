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

/// An array of `T`: owned, or `len` values at byte offset `off` of a mapped file.
pub enum Arr<T: Plain> {
    Owned(Vec<T>),
    Mapped { map: Arc<memmap2::Mmap>, off: usize, len: usize },
}

impl<T: Plain> Arr<T> {
    /// A view of `len` values at byte `off` of `map`; None when out of bounds or misaligned.
    pub fn mapped(map: &Arc<memmap2::Mmap>, off: usize, len: usize) -> Option<Arr<T>> {
        let bytes = len.checked_mul(std::mem::size_of::<T>())?;
        let end = off.checked_add(bytes)?;
        if end > map.len() || !(map.as_ptr() as usize + off).is_multiple_of(std::mem::align_of::<T>()) {
            return None;
        }
        Some(Arr::Mapped { map: map.clone(), off, len })
    }
}

impl<T: Plain> Default for Arr<T> {
    fn default() -> Self {
        Arr::Owned(Vec::new())
    }
}

impl<T: Plain> From<Vec<T>> for Arr<T> {
    fn from(v: Vec<T>) -> Self {
        Arr::Owned(v)
    }
}

impl<T: Plain> Deref for Arr<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match self {
            Arr::Owned(v) => v,
            // SAFETY: bounds and alignment were checked in `mapped`; T is Plain, so any bytes
            // are a valid T; the map is read-only and lives as long as self (Arc).
            Arr::Mapped { map, off, len } => unsafe {
                std::slice::from_raw_parts(map.as_ptr().add(*off) as *const T, *len)
            },
        }
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
