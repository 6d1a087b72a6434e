//! Loads the trigger, actor and cue lexicons in `data/` and matches their patterns.

use rustc_hash::FxHashMap as HashMap;

use eventwatch_text::segment::{Token, TokenKind};
use eventwatch_text::Span;

/// One element of a pattern: a set of accepted words, or a gap of up to three tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Elem {
    Words(Vec<String>),
    Skip,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pattern {
    elems: Vec<Elem>,
    /// The pattern as written in the data file, for provenance (`trigger:set fire to`).
    pub(crate) source: String,
}

/// A trigger row from `triggers.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Trigger {
    pub(crate) pattern: Pattern,
    pub(crate) class: Class,
    pub(crate) plover: String,
    pub(crate) mode: Option<String>,
    pub(crate) cameo: String,
    pub(crate) noun: bool,
    /// A row of the generated `triggers-cameo.tsv`: used only where no hand-written
    /// trigger matched the sentence.
    pub(crate) generated: bool,
}

/// What a trigger says happened (the `class` column of `triggers.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Class {
    Kill,
    Fire,
    Attack,
    Clash,
    Bomb,
    Suicide,
    Air,
    Shell,
    Grenade,
    Abduct,
    Sexual,
    Protest,
    Block,
    Riot,
    Arson,
    Loot,
    Mob,
    Arrest,
    Disperse,
    Agree,
    Border,
    Curfew,
    Demand,
    Reject,
    Threaten,
    Accuse,
    Meet,
    Seize,
    /// Chemical weapons use.
    Chem,
    /// Weapons defused, intercepted or seized before use.
    Defuse,
    /// Defections, splits, a group changing its activity.
    Defect,
    /// A base or headquarters established.
    Base,
    /// Territory handed over or withdrawn from without fighting.
    Transfer,
    /// Territory regained by force ("recaptured", "liberated").
    Regain,
    /// Any other statement or act coded only in PLOVER (the type comes from the row).
    Say,
    /// Armed crime without casualties (an armed robbery, a carjacking, a home invasion):
    /// recorded for crime news, never coded as political violence (see the codebook).
    Crime,
}

impl Class {
    fn parse(s: &str) -> Option<Class> {
        Some(match s {
            "kill" => Class::Kill,
            "fire" => Class::Fire,
            "attack" => Class::Attack,
            "clash" => Class::Clash,
            "bomb" => Class::Bomb,
            "suicide" => Class::Suicide,
            "air" => Class::Air,
            "shell" => Class::Shell,
            "grenade" => Class::Grenade,
            "abduct" => Class::Abduct,
            "sexual" => Class::Sexual,
            "protest" => Class::Protest,
            "block" => Class::Block,
            "riot" => Class::Riot,
            "arson" => Class::Arson,
            "loot" => Class::Loot,
            "mob" => Class::Mob,
            "arrest" => Class::Arrest,
            "disperse" => Class::Disperse,
            "agree" => Class::Agree,
            "border" => Class::Border,
            "curfew" => Class::Curfew,
            "demand" => Class::Demand,
            "reject" => Class::Reject,
            "threaten" => Class::Threaten,
            "accuse" => Class::Accuse,
            "meet" => Class::Meet,
            "seize" => Class::Seize,
            "chem" => Class::Chem,
            "defuse" => Class::Defuse,
            "defect" => Class::Defect,
            "base" => Class::Base,
            "transfer" => Class::Transfer,
            "regain" => Class::Regain,
            "say" => Class::Say,
            "crime" => Class::Crime,
            _ => return None,
        })
    }

    /// Violence with a weapon or explosive: the classes that make a lethal event.
    pub(crate) fn is_violent(self) -> bool {
        matches!(
            self,
            Class::Kill
                | Class::Fire
                | Class::Attack
                | Class::Clash
                | Class::Bomb
                | Class::Suicide
                | Class::Air
                | Class::Shell
                | Class::Grenade
                | Class::Mob
                | Class::Chem
        )
    }

    /// Statements rather than deeds (PLOVER's verbal types).
    pub(crate) fn is_verbal(self) -> bool {
        matches!(
            self,
            Class::Demand
                | Class::Reject
                | Class::Threaten
                | Class::Accuse
                | Class::Meet
                | Class::Say
        )
    }
}

/// The role an actor word names (the `role` column of `actors.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Military,
    Police,
    Security,
    Government,
    Protesters,
    Rioters,
    Civilians,
    Rebels,
    Militia,
    Armed,
    External,
}

impl Role {
    fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "military" => Role::Military,
            "police" => Role::Police,
            "security" => Role::Security,
            "government" => Role::Government,
            "protesters" => Role::Protesters,
            "rioters" => Role::Rioters,
            "civilians" => Role::Civilians,
            "rebels" => Role::Rebels,
            "militia" => Role::Militia,
            "armed" => Role::Armed,
            "external" => Role::External,
            _ => return None,
        })
    }

    /// Organised armed actors: state forces, rebels, militias, gunmen.
    pub(crate) fn is_armed(self) -> bool {
        matches!(
            self,
            Role::Military
                | Role::Police
                | Role::Security
                | Role::Rebels
                | Role::Militia
                | Role::Armed
        )
    }

    pub(crate) fn is_state_force(self) -> bool {
        matches!(self, Role::Military | Role::Police | Role::Security)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ActorWord {
    pub(crate) pattern: Pattern,
    pub(crate) role: Role,
    pub(crate) inter: u8,
    pub(crate) name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cue {
    Hedge,
    Future,
    Negation,
    Irrealis,
    /// A means of violence ("live ammunition"), kept on the events it belongs to.
    Means,
    /// A natural or man-made disaster or accident ("earthquake", "plane crash"): deaths
    /// it causes are not political violence.
    Disaster,
    /// A claim, denial or attribution of responsibility for an attack reported elsewhere.
    Attribution,
    /// Organised crime and its policing ("drug trafficking", "counterfeit").
    Crime,
    /// Gunfire named by its wound or sound ("gunshot wound", "gunfire"): a shooting, which
    /// stays violence in a sentence that also tells of an accident or an accusation.
    Gunfire,
    /// Background or history ("last year", "since 2011", "anniversary"): not a new event.
    Background,
    /// A condition set on a deed ("unless", "until"): an intended deed becomes a threat.
    Condition,
    /// An obligation ("must", "should"): the deed is demanded, not done.
    Obligation,
    /// Aircraft ("warplanes", "drones"): missiles and bombs they fire make an air strike.
    Aircraft,
    /// How a movement began ("initially started with", "first broke out"): history, not
    /// news, unless its sentence names the day.
    Origin,
}

/// All lexicons, parsed once.
#[derive(Debug)]
pub(crate) struct Lexicon {
    pub(crate) triggers: Vec<Trigger>,
    pub(crate) actors: Vec<ActorWord>,
    pub(crate) cues: Vec<(Cue, Pattern)>,
    trigger_index: HashMap<String, Vec<usize>>,
    actor_index: HashMap<String, Vec<usize>>,
    cue_index: HashMap<String, Vec<usize>>,
}

/// A lexicon line that could not be read: `file:line: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexiconError(pub String);

fn inflect(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    let bytes = word.as_bytes();
    let last = bytes.last().copied().unwrap_or(b' ');
    let vowel = |b: u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u');
    if last == b'e' {
        let stem = &word[..word.len() - 1];
        out.push(format!("{word}s"));
        out.push(format!("{word}d"));
        out.push(format!("{stem}ing"));
    } else if last == b'y' && bytes.len() > 1 && !vowel(bytes[bytes.len() - 2]) {
        let stem = &word[..word.len() - 1];
        out.push(format!("{stem}ies"));
        out.push(format!("{stem}ied"));
        out.push(format!("{word}ing"));
    } else {
        let sibilant =
            word.ends_with("sh") || word.ends_with("ch") || matches!(last, b's' | b'x' | b'z');
        out.push(if sibilant {
            format!("{word}es")
        } else {
            format!("{word}s")
        });
        // Double a final consonant after a single short vowel: "stab" -> "stabbed".
        let cvc = bytes.len() >= 3
            && !vowel(last)
            && !matches!(last, b'w' | b'x' | b'y')
            && vowel(bytes[bytes.len() - 2])
            && !vowel(bytes[bytes.len() - 3])
            && bytes.len() <= 4;
        if cvc {
            out.push(format!("{word}{}ed", last as char));
            out.push(format!("{word}{}ing", last as char));
        } else {
            out.push(format!("{word}ed"));
            out.push(format!("{word}ing"));
        }
    }
    out
}

fn parse_pattern(text: &str) -> Result<Pattern, String> {
    let mut elems = Vec::new();
    for part in text.split_whitespace() {
        if part == "*" {
            elems.push(Elem::Skip);
            continue;
        }
        let mut words = Vec::new();
        for alt in part.split('|') {
            if alt.is_empty() {
                return Err(format!("empty alternative in {part:?}"));
            }
            match alt.strip_suffix('~') {
                Some(base) => words.extend(inflect(base)),
                None => words.push(alt.to_string()),
            }
        }
        elems.push(Elem::Words(words));
    }
    match elems.first() {
        None => Err("empty pattern".into()),
        Some(Elem::Skip) => Err("a pattern cannot start with *".into()),
        Some(_) if matches!(elems.last(), Some(Elem::Skip)) => {
            Err("a pattern cannot end with *".into())
        }
        Some(_) => Ok(Pattern {
            elems,
            source: text.to_string(),
        }),
    }
}

/// The rows of a tab-separated lexicon: (line number, columns), without blank lines and
/// `#` comments.
pub(crate) fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<String>)> + '_ {
    text.lines().enumerate().filter_map(|(i, line)| {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            None
        } else {
            Some((i + 1, line.split('\t').map(str::to_string).collect()))
        }
    })
}

fn index(patterns: impl Iterator<Item = (usize, Pattern)>) -> HashMap<String, Vec<usize>> {
    let mut map: HashMap<String, Vec<usize>> = HashMap::default();
    for (i, p) in patterns {
        if let Some(Elem::Words(ws)) = p.elems.first() {
            for w in ws {
                map.entry(w.clone()).or_default().push(i);
            }
        }
    }
    map
}

impl Lexicon {
    /// Parses the three lexicon files; every bad line is reported, none is skipped silently.
    #[cfg(test)]
    pub(crate) fn parse(
        triggers: &str,
        actors: &str,
        cues: &str,
    ) -> Result<Lexicon, Vec<LexiconError>> {
        Lexicon::parse_with_generated(triggers, "", actors, cues)
    }

    /// [`Lexicon::parse`] with the generated CAMEO triggers (`triggers-cameo.tsv`), which
    /// rank below the hand-written ones.
    pub(crate) fn parse_with_generated(
        triggers: &str,
        generated: &str,
        actors: &str,
        cues: &str,
    ) -> Result<Lexicon, Vec<LexiconError>> {
        let mut errors = Vec::new();
        let mut trig = Vec::new();
        let files = [
            ("triggers.tsv", triggers, false),
            ("triggers-cameo.tsv", generated, true),
        ];
        for (file, (line, cols)) in files
            .iter()
            .flat_map(|&(file, text, gen)| rows(text).map(move |r| ((file, gen), r)))
        {
            let (file, is_generated) = file;
            let err = |m: String| LexiconError(format!("{file}:{line}: {m}"));
            if cols.len() != 6 {
                errors.push(err(format!(
                    "expected 6 tab-separated columns, found {}",
                    cols.len()
                )));
                continue;
            }
            let Some(class) = Class::parse(&cols[1]) else {
                errors.push(err(format!("column class: unknown class {:?}", cols[1])));
                continue;
            };
            if !eventwatch_schema::PLOVER_TYPES.contains(&cols[2].as_str()) {
                errors.push(err(format!(
                    "column plover: expected a PLOVER type, found {:?}",
                    cols[2]
                )));
                continue;
            }
            for alt in cols[0].split(", ") {
                match parse_pattern(alt) {
                    Ok(pattern) => trig.push(Trigger {
                        pattern,
                        class,
                        plover: cols[2].clone(),
                        mode: (cols[3] != "-").then(|| cols[3].clone()),
                        cameo: cols[4].clone(),
                        noun: cols[5] == "n",
                        generated: is_generated,
                    }),
                    Err(m) => errors.push(err(format!("column pattern: {m}"))),
                }
            }
        }
        let mut act = Vec::new();
        for (line, cols) in rows(actors) {
            let err = |m: String| LexiconError(format!("actors.tsv:{line}: {m}"));
            if cols.len() != 4 {
                errors.push(err(format!(
                    "expected 4 tab-separated columns, found {}",
                    cols.len()
                )));
                continue;
            }
            let Some(role) = Role::parse(&cols[1]) else {
                errors.push(err(format!("column role: unknown role {:?}", cols[1])));
                continue;
            };
            let inter = match cols[2].parse::<u8>() {
                Ok(n) if n <= 8 => n,
                _ => {
                    errors.push(err(format!(
                        "column inter: expected a code 0-8, found {:?}",
                        cols[2]
                    )));
                    continue;
                }
            };
            for alt in cols[0].split(", ") {
                match parse_pattern(alt) {
                    Ok(pattern) => act.push(ActorWord {
                        pattern,
                        role,
                        inter,
                        name: cols[3].clone(),
                    }),
                    Err(m) => errors.push(err(format!("column pattern: {m}"))),
                }
            }
        }
        let mut cue = Vec::new();
        for (line, cols) in rows(cues) {
            let err = |m: String| LexiconError(format!("cues.tsv:{line}: {m}"));
            let kind = match cols.first().map(String::as_str) {
                Some("hedge") => Cue::Hedge,
                Some("future") => Cue::Future,
                Some("negation") => Cue::Negation,
                Some("irrealis") => Cue::Irrealis,
                Some("means") => Cue::Means,
                Some("disaster") => Cue::Disaster,
                Some("attribution") => Cue::Attribution,
                Some("crime") => Cue::Crime,
                Some("gunfire") => Cue::Gunfire,
                Some("background") => Cue::Background,
                Some("condition") => Cue::Condition,
                Some("obligation") => Cue::Obligation,
                Some("aircraft") => Cue::Aircraft,
                Some("origin") => Cue::Origin,
                other => {
                    errors.push(err(format!("column kind: unknown cue kind {other:?}")));
                    continue;
                }
            };
            let Some(words) = cols.get(1) else {
                errors.push(err("expected 2 tab-separated columns, found 1".into()));
                continue;
            };
            for alt in words.split(", ") {
                match parse_pattern(alt) {
                    Ok(p) => cue.push((kind, p)),
                    Err(m) => errors.push(err(format!("column words: {m}"))),
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let trigger_index = index(trig.iter().map(|t| t.pattern.clone()).enumerate());
        let actor_index = index(act.iter().map(|a| a.pattern.clone()).enumerate());
        let cue_index = index(cue.iter().map(|(_, p)| p.clone()).enumerate());
        Ok(Lexicon {
            triggers: trig,
            actors: act,
            cues: cue,
            trigger_index,
            actor_index,
            cue_index,
        })
    }

    /// The lexicons shipped in `data/`.
    pub(crate) fn embedded() -> Result<Lexicon, Vec<LexiconError>> {
        // The hand-written actors come first so that they win equal matches over the
        // groups generated from the Phoenix dictionaries (`cargo xtask actors`); a bad line
        // in the generated part is reported with its line number past the end of actors.tsv.
        let actors = [
            include_str!("../data/actors.tsv"),
            include_str!("../data/actors-phoenix.tsv"),
        ]
        .concat();
        Lexicon::parse_with_generated(
            include_str!("../data/triggers.tsv"),
            include_str!("../data/triggers-cameo.tsv"),
            &actors,
            include_str!("../data/cues.tsv"),
        )
    }

    pub(crate) fn find_triggers(&self, words: &Words<'_>) -> Vec<(usize, Span)> {
        find(&self.trigger_index, words, |i| &self.triggers[i].pattern)
    }

    pub(crate) fn find_actors(&self, words: &Words<'_>) -> Vec<(usize, Span)> {
        find(&self.actor_index, words, |i| &self.actors[i].pattern)
    }

    pub(crate) fn find_cues(&self, words: &Words<'_>) -> Vec<(Cue, Span)> {
        find(&self.cue_index, words, |i| &self.cues[i].1)
            .into_iter()
            .map(|(i, s)| (self.cues[i].0, s))
            .collect()
    }
}

/// The lower-cased tokens of a stretch of text, ready for pattern matching.
pub(crate) struct Words<'a> {
    pub(crate) tokens: &'a [Token],
    pub(crate) lower: Vec<String>,
}

impl<'a> Words<'a> {
    pub(crate) fn new(text: &str, tokens: &'a [Token]) -> Words<'a> {
        let lower = tokens
            .iter()
            .map(|t| {
                let s = &text[t.span.range()];
                let s = s
                    .strip_suffix("'s")
                    .or_else(|| s.strip_suffix("’s"))
                    .unwrap_or(s);
                s.to_lowercase()
            })
            .collect();
        Words { tokens, lower }
    }

    /// Words from tokens already lower-cased by [`Words::new`].
    pub(crate) fn from_parts(tokens: &'a [Token], lower: Vec<String>) -> Words<'a> {
        Words { tokens, lower }
    }
}

/// Leftmost-longest matches of indexed patterns, non-overlapping.
fn find<'p>(
    index: &HashMap<String, Vec<usize>>,
    words: &Words<'_>,
    pattern: impl Fn(usize) -> &'p Pattern,
) -> Vec<(usize, Span)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.lower.len() {
        let mut best: Option<(usize, usize)> = None;
        if let Some(cands) = index.get(&words.lower[i]) {
            for &c in cands {
                if let Some(end) = match_at(&pattern(c).elems, words, i) {
                    if best.is_none_or(|(_, e)| end > e) {
                        best = Some((c, end));
                    }
                }
            }
        }
        match best {
            Some((c, end)) => {
                let span = words.tokens[i].span.cover(words.tokens[end - 1].span);
                out.push((c, span));
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// The token index just past a match of `elems` starting at token `at`.
fn match_at(elems: &[Elem], words: &Words<'_>, at: usize) -> Option<usize> {
    match elems.split_first() {
        None => Some(at),
        Some((Elem::Words(ws), rest)) => {
            let w = words.lower.get(at)?;
            if ws.iter().any(|x| x == w) {
                match_at(rest, words, at + 1)
            } else {
                None
            }
        }
        Some((Elem::Skip, rest)) => (0..=3).find_map(|k| {
            // A gap never crosses punctuation other than hyphens.
            let crosses = words.tokens[at..(at + k).min(words.tokens.len())]
                .iter()
                .any(|t| t.kind == TokenKind::Punct);
            if crosses || at + k > words.lower.len() {
                None
            } else {
                match_at(rest, words, at + k)
            }
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use eventwatch_text::segment::tokens;

    #[test]
    fn shipped_lexicons_load() {
        let lex = Lexicon::embedded().map_err(|e| format!("{e:?}")).unwrap();
        assert!(lex.triggers.len() > 80);
        assert!(lex.actors.len() > 20);
    }

    #[test]
    fn bad_lines_are_reported_with_file_and_line() {
        let errs = Lexicon::parse("# c\nkill~\tkill\tASSAULT\t-\t18\n* x\tkill\tASSAULT\t-\t18\tv\nkill\tzap\tASSAULT\t-\t18\tv\n", "", "").unwrap_err();
        let msgs: Vec<String> = errs.into_iter().map(|e| e.0).collect();
        assert_eq!(
            msgs,
            vec![
                "triggers.tsv:2: expected 6 tab-separated columns, found 5",
                "triggers.tsv:3: column pattern: a pattern cannot start with *",
                "triggers.tsv:4: column class: unknown class \"zap\"",
            ]
        );
    }

    #[test]
    fn inflections_and_gaps_match() {
        let lex = Lexicon::parse(
            "storm~\triot\tPROTEST\triot\t14\tv\nset|sets fire to\tarson\tCOERCE\tseize\t17\tv\nblock~ * bridge\tblock\tPROTEST\tobstruct\t14\tv\n",
            "",
            "",
        )
        .unwrap();
        let text = "They stormed in, set fire to it and blocked the main bridge.";
        let toks = tokens(text, Span::new(0, text.len()));
        let words = Words::new(text, &toks);
        let found: Vec<&str> = lex
            .find_triggers(&words)
            .iter()
            .map(|(_, s)| &text[s.range()])
            .collect();
        assert_eq!(
            found,
            vec!["stormed", "set fire to", "blocked the main bridge"]
        );
    }

    #[test]
    fn comma_lists_alternative_phrases() {
        let lex = Lexicon::parse(
            "",
            "security forces, riot police\tsecurity\t1\tSecurity Forces of {C}\n",
            "",
        )
        .unwrap();
        let text = "Riot police and security forces came; the forces left.";
        let toks = tokens(text, Span::new(0, text.len()));
        let words = Words::new(text, &toks);
        let found: Vec<(&str, &str)> = lex
            .find_actors(&words)
            .iter()
            .map(|&(a, s)| (&text[s.range()], lex.actors[a].pattern.source.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                ("Riot police", "riot police"),
                ("security forces", "security forces")
            ]
        );
    }
}
