pub mod account;
pub mod audit;
pub mod inzage;
pub mod opschonen;
