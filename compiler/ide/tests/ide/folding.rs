//! Folding ranges: items spanning lines, `given` blocks, comment runs.

use expect_test::expect;

use crate::support::{TRUST, load};

#[test]
fn items_given_blocks_and_comments() {
    let fx = load(TRUST);
    let file = fx.file("trust.ai");
    let text = file.text(fx.host.db());
    let index = ward_syntax::LineIndex::new(text);
    let folds = fx.analysis().folding_ranges(file).unwrap();
    let shown: Vec<String> = folds
        .iter()
        .map(|f| {
            let (a, _) = index.human(text, f.span.start as usize);
            let (b, _) = index.human(text, f.span.end as usize);
            format!("{a}-{b} {:?}", f.kind)
        })
        .collect();
    expect![[r#"
        11-18 Region
        20-27 Region
        21-25 Region"#]]
    .assert_eq(&shown.join("\n"));
}
