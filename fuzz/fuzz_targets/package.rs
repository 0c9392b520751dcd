#![no_main]
//! See `loket::interchange::fuzzing::package`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    loket::interchange::fuzzing::package(data);
});
