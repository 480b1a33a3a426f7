//! The README's data dictionary is what `minsheng schema` prints.

#[test]
fn readme_data_dictionary_matches_schema() {
    let readme = include_str!("../../README.md");
    let start = readme
        .find("<!-- schema:start -->\n")
        .expect("schema start marker")
        + 22;
    let end = readme
        .find("<!-- schema:end -->")
        .expect("schema end marker");
    assert_eq!(
        &readme[start..end],
        minsheng::schema::markdown(),
        "README.md's data dictionary is out of date: paste the output of `minsheng schema`"
    );
}
