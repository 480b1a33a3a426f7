//! Catalogs: data files beside this module (units, sectors, regions, indicators), compiled in.

pub mod indicators;
pub mod regions;
pub mod sectors;
pub mod units;
