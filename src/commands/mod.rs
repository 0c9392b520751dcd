pub mod beheer;
