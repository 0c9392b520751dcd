//! Search: text folding, the fuzzy matcher behind one small module, and the word index.

pub mod flat;
pub mod index;
pub mod matcher;
pub use loket_base::text;

pub use index::{plain_scan, Cancel, DocFields, Hit, Results, SearchIndex, Searcher};
