//! [`Report`] and [`Metric`]: what a scorer returns, rendered as a table or markdown.

use std::fmt::Write;

/// One measured figure.
#[derive(Clone, Debug, PartialEq)]
pub struct Metric {
    /// What is measured, e.g. `fatalities exact`.
    pub name: String,
    /// The value, a share in 0..=1 unless `unit` says otherwise.
    pub value: f64,
    /// How many items the figure is over.
    pub n: usize,
    /// The bar an issue sets for this figure, if any (higher is better).
    pub bar: Option<f64>,
    /// Empty for shares; otherwise the unit (`km`, `docs/s`).
    pub unit: &'static str,
}

impl Metric {
    pub fn share(name: impl Into<String>, hits: usize, n: usize) -> Metric {
        Metric {
            name: name.into(),
            value: if n == 0 { 0.0 } else { hits as f64 / n as f64 },
            n,
            bar: None,
            unit: "",
        }
    }

    pub fn with_bar(mut self, bar: f64) -> Metric {
        self.bar = Some(bar);
        self
    }

    pub fn value_text(&self) -> String {
        if self.unit.is_empty() {
            format!("{:.3}", self.value)
        } else {
            format!("{:.1} {}", self.value, self.unit)
        }
    }

    /// `Some(true)` when a bar is set and met.
    pub fn meets_bar(&self) -> Option<bool> {
        self.bar.map(|b| self.value >= b)
    }
}

/// The result of scoring one dev set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Short file-safe name, e.g. `acled-2020`; the report is written to `eval/reports/<name>.md`.
    pub name: String,
    /// Human title, e.g. `ACLED 2020 sample: main event`.
    pub title: String,
    /// The dev-set file(s) scored, relative to `../shared/data`.
    pub dataset: String,
    pub metrics: Vec<Metric>,
    /// Rows the loader could not read, with reasons (never silently dropped).
    pub unreadable: Vec<String>,
    /// Markdown: confusion matrices, error samples.
    pub details: String,
}

impl Report {
    /// A plain-text table for the terminal.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{} ({})", self.title, self.dataset);
        for m in &self.metrics {
            let bar = match (m.bar, m.meets_bar()) {
                (Some(b), Some(true)) => format!("  bar {b:.2} met"),
                (Some(b), _) => format!("  bar {b:.2} NOT met"),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "  {:<40} {:>10}  n={:<6}{}",
                m.name,
                m.value_text(),
                m.n,
                bar
            );
        }
        if !self.unreadable.is_empty() {
            let _ = writeln!(out, "  unreadable rows: {}", self.unreadable.len());
        }
        out
    }

    /// The markdown file written to `eval/reports/<name>.md`.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# {}\n", self.title);
        let _ = writeln!(
            out,
            "Dataset: `{}`. Regenerate with `cargo xtask eval`.\n",
            self.dataset
        );
        let _ = writeln!(out, "| metric | value | n | bar |\n|---|---:|---:|---|");
        for m in &self.metrics {
            let bar = match (m.bar, m.meets_bar()) {
                (Some(b), Some(true)) => format!("≥ {b:.2} met"),
                (Some(b), _) => format!("≥ {b:.2} **not met**"),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                m.name,
                m.value_text(),
                m.n,
                bar
            );
        }
        if !self.unreadable.is_empty() {
            let _ = writeln!(out, "\n{} unreadable rows:\n", self.unreadable.len());
            for u in self.unreadable.iter().take(20) {
                let _ = writeln!(out, "- {u}");
            }
        }
        if !self.details.is_empty() {
            let _ = writeln!(out, "\n{}", self.details);
        }
        out
    }
}
