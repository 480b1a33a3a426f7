//! Publication date and document year.

use crate::model::Date;

pub fn published(_clean: &str) -> Option<Date> {
    None
}

pub fn doc_year(_clean: &str, published: Option<Date>) -> Option<i16> {
    published.map(|d| d.year as i16)
}
