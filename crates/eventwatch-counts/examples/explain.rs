//! Shows how a text's casualty mentions are read and counted.
//!
//! `cargo run -p eventwatch-counts --example explain -- FILE...` (or text on stdin) prints
//! each mention with its flags, its place in the tally and what it adds to the totals.

use std::io::Read;

use eventwatch_text::{Document, DocumentMeta};

fn explain(text: &str) {
    let doc = Document::new(DocumentMeta::default(), text);
    let cas = eventwatch_counts::casualties(&doc);
    let tally = eventwatch_counts::tally(&doc, &cas);
    let shares = eventwatch_counts::contributions(&doc, &cas, &tally);
    for (i, (c, share)) in cas.iter().zip(&shares).enumerate() {
        let flags = [
            (tally.duplicates.contains(&i), "dup"),
            (tally.aggregates.contains(&i), "agg"),
            (tally.superseded.contains(&i), "superseded"),
            (c.negated, "neg"),
            (c.hypothetical, "hyp"),
            (c.struck, "struck"),
            (c.total, "total"),
            (c.coded, "coded"),
            (c.background, "bg"),
            (c.hedged, "hedged"),
        ];
        let flags: Vec<&str> = flags.iter().filter(|f| f.0).map(|f| f.1).collect();
        println!(
            "{:?} {} [{}] {:?} {} -> +{} killed +{} injured",
            c.kind,
            c.count.best,
            c.rule,
            doc.slice(c.span),
            flags.join(","),
            share.killed,
            share.injured
        );
    }
    let (k, i) = eventwatch_counts::document_totals(&doc, &cas, &tally);
    println!("totals: {k} killed, {i} injured");
}

fn main() -> std::io::Result<()> {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        explain(&text);
    }
    for f in files {
        explain(&std::fs::read_to_string(f)?);
    }
    Ok(())
}
