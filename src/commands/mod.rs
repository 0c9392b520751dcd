pub mod account;
pub mod audit;
pub mod beheer;
pub mod instellingen;
pub mod inzage;
pub mod opschonen;
pub mod signalen;
pub mod sleutel;
