//! Regions: the document's main region, and place names mentioned in a text span.

use crate::model::Region;

/// A place name found in a text, resolved against the regions catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMention {
    /// Character offsets of the mention in the text searched.
    pub start: usize,
    pub end: usize,
    pub region: Region,
}

/// The main region a document reports on.
pub fn document_region(_clean: &str) -> Option<Region> {
    None
}

/// Resolves one name (full, short or former: `昌吉州`, `大丰区`, `吉林省`) to a region.
/// `context` is the document's region, used to resolve county names that exist in several
/// prefectures.
pub fn lookup(_name: &str, _context: Option<&Region>) -> Option<Region> {
    None
}

/// Every place name at county level or above mentioned in `text`, in order.
pub fn places_in(_text: &str, _context: Option<&Region>) -> Vec<PlaceMention> {
    Vec::new()
}
