//! Catalogs: data files beside this module (units, sectors, regions, indicators), compiled in.

pub mod sectors;
pub mod units;
