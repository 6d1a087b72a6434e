//! Plain-text account of how a consolidated event was built, for `eventwatch explain`.

use std::fmt::Write;

use crate::consolidate::ConsolidatedEvent;

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("-")
}

/// Renders an event: its figures, every report, and every merge with its reasons.
pub fn explain(ev: &ConsolidatedEvent) -> String {
    let mut out = String::new();
    let place = ev.location.as_ref().map_or("-".to_string(), |l| {
        format!("{} ({:?}, {:.4}, {:.4})", l.name, l.precision, l.lat, l.lon)
    });
    let _ = writeln!(
        out,
        "{}: {} / {} on {} ({:?}) at {}",
        ev.id,
        ev.event_type,
        ev.sub_event_type,
        opt(&ev.date),
        ev.date_precision,
        place
    );
    let _ = writeln!(
        out,
        "  fatalities {} (reported {}..{}), injuries {} (reported {}..{}); {} report(s) from {} source(s)",
        ev.fatalities,
        ev.fatalities_min,
        ev.fatalities_max,
        ev.injuries,
        ev.injuries_min,
        ev.injuries_max,
        ev.reports(),
        ev.sources.len()
    );
    let _ = writeln!(out, "reports:");
    for m in &ev.mentions {
        let _ = write!(
            out,
            "  {} published {} source {}: killed {}, injured {}",
            m.key,
            opt(&m.published),
            opt(&m.source),
            m.fatalities,
            m.injuries
        );
        if m.hedged {
            out.push_str(", hedged");
        }
        if let Some(c) = &m.update_cue {
            let _ = write!(out, ", update wording \"{c}\"");
        }
        if let Some(s) = &m.superseded_by {
            let _ = write!(out, ", superseded by {s}");
        }
        out.push('\n');
    }
    if !ev.merges.is_empty() {
        let _ = writeln!(out, "merges:");
    }
    for s in &ev.merges {
        if s.by_override {
            let _ = writeln!(out, "  {} + {}: user merge", s.a, s.b);
            continue;
        }
        let _ = write!(
            out,
            "  {} + {} (groups of {} and {}): average {:.2}",
            s.a, s.b, s.sizes.0, s.sizes.1, s.linkage
        );
        if let Some(p) = &s.pair {
            let _ = writeln!(
                out,
                ", pair score {:.2}, {} day(s) apart, {:.1} km apart",
                p.score, p.days_apart, p.distance_km
            );
            for f in &p.features {
                let _ = writeln!(out, "    {:+.1} {}: {}", f.weight, f.feature, f.detail);
            }
        } else {
            out.push('\n');
        }
    }
    for o in &ev.overrides {
        let _ = writeln!(out, "override: {o:?}");
    }
    out
}
