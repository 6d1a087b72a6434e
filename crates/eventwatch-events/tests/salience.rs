//! Which event is the main event, and its day (`docs/codebook.md` §5, Salience): a deed
//! named only as the charge of an arrest ranks after the deed told as it happened, and a
//! toll reported on a later day keeps the day of the shooting that caused it. Every
//! sentence is written for this test.

use eventwatch_events::{Options, Pipeline};
use eventwatch_schema::Event;
use eventwatch_text::{Document, DocumentMeta};

/// 2024-03-08 is a Friday.
fn events(text: &str) -> Vec<Event> {
    let pipeline = Pipeline::new(&Options { country_hint: None }).expect("lexicons load");
    let meta = DocumentMeta {
        id: "t".to_string(),
        published: Some(jiff::civil::date(2024, 3, 8)),
        ..DocumentMeta::default()
    };
    pipeline.extract(&Document::new(meta, text)).events
}

fn main_date(text: &str) -> Option<String> {
    events(text).into_iter().next().and_then(|e| e.date)
}

#[test]
fn a_charge_named_in_court_ranks_after_the_deed() {
    let text = "A Dayton man was charged Thursday with aggravated assault and weapons offenses. \
                Police said he fired shots at a neighbor's truck on Monday night during an \
                argument over parking.";
    assert_eq!(main_date(text).as_deref(), Some("2024-03-04"));
}

#[test]
fn a_charge_dated_in_its_own_clause_keeps_its_rank() {
    // "an assault that happened Monday": the day belongs to the deed, not to the charge.
    let text = "Deputies are looking for a man wanted in connection with an armed assault \
                that happened Monday in Dayton.";
    assert_eq!(main_date(text).as_deref(), Some("2024-03-04"));
}

#[test]
fn a_death_a_day_later_keeps_the_day_of_the_shooting() {
    let text = "A 30-year-old man died Wednesday at a hospital, police said. Detectives \
                believe the shooting happened about 9 p.m. Tuesday outside a store in Dayton.";
    let ev = events(text);
    let main = ev.first().expect("an event");
    assert_eq!(main.fatalities, 1);
    assert_eq!(main.date.as_deref(), Some("2024-03-05"));
    // The date evidence points at the time expression of the shooting.
    let said: Vec<&str> = main
        .evidence
        .iter()
        .filter(|x| x.field == "date")
        .map(|x| x.text.as_str())
        .collect();
    assert_eq!(said, ["about 9 p.m. Tuesday"]);
}

#[test]
fn a_death_days_later_keeps_the_day_of_the_shooting() {
    // Shot on Saturday, died on Thursday: the incident is Saturday's.
    let text = "A 24-year-old man died Thursday at a hospital, police said. Detectives believe \
                he was shot about 11 p.m. Saturday outside a bar in Dayton.";
    let ev = events(text);
    let main = ev.first().expect("an event");
    assert_eq!(main.fatalities, 1);
    assert_eq!(main.date.as_deref(), Some("2024-03-02"));
}

#[test]
fn a_wounded_victim_recovering_keeps_the_day_of_the_shooting() {
    let text = "A 30-year-old man was recovering Wednesday after he was shot in the leg, police \
                said. Detectives believe the shooting happened about 9 p.m. Tuesday outside a \
                store in Dayton.";
    let ev = events(text);
    let main = ev.first().expect("an event");
    assert_eq!(main.injuries, 1);
    assert_eq!(main.date.as_deref(), Some("2024-03-05"));
}

#[test]
fn a_separate_shooting_far_away_in_a_round_up_keeps_its_own_day() {
    let text = "A man was shot and killed on Thursday evening in Dayton, police said. Officers \
                searched the block for hours. Nobody was arrested. Detectives asked witnesses \
                to come forward. The victim's family gathered at the scene. In an unrelated \
                case, someone fired shots at a parked car on Wednesday in Dayton.";
    assert_eq!(main_date(text).as_deref(), Some("2024-03-07"));
}

#[test]
fn a_shooting_named_after_since_is_history() {
    // "Since the Valentine's Day shooting ... that killed 17": a reference point in the
    // past, not the news, though its toll is told after the trigger.
    let text = "Police arrested a teenager on Monday after he threatened a school in Dayton. \
                Since the Valentine's Day shooting at a Florida high school that killed 17 \
                people, schools in Ohio have received dozens of threats.";
    assert_eq!(main_date(text).as_deref(), Some("2024-03-04"));
}

#[test]
fn an_armed_crime_named_as_a_charge_ranks_after_the_deed() {
    // A robbery named only as the charge of an arraignment is the courtroom's day; the
    // holdup told as it happened is the incident.
    let text = "Four teenagers from Dayton were arraigned Friday. They were each charged with \
                carjacking and armed robbery in Dayton, court records show. A lawyer for one of them \
                contacted the Dayton Daily News on Friday. Police say around 9 p.m. March 1 the \
                teens ordered a student out of his car at gunpoint.";
    assert_eq!(main_date(text).as_deref(), Some("2024-03-01"));
}

#[test]
fn a_deed_takes_the_date_told_next_to_it_in_its_sentence() {
    // "gathered on Thursday near the house where a teenager was shot Tuesday night": the
    // shooting's day is the one right after its words, not the first of the sentence.
    let text = "Neighbors gathered on Thursday near the Dayton house where a teenager was shot \
                Tuesday night.";
    assert_eq!(main_date(text).as_deref(), Some("2024-03-05"));
}

#[test]
fn a_deadly_deed_told_deep_in_a_long_story_is_history() {
    // The story is the shots of Tuesday night; the killings told in its eleventh sentence,
    // years before, are history, though they have a toll.
    let text = "Someone fired several shots at a house on Elm Street in Dayton on Tuesday night. \
                Nobody was hurt. Police found shell casings in the yard. Neighbors said they \
                heard five shots. One bullet went through a bedroom window. A family of four \
                was asleep inside. Officers searched the area for an hour. No arrests have \
                been made. The house had been hit before. Residents asked for more patrols. \
                On May 4, 2019, two men were shot dead on the same street in Dayton.";
    assert_eq!(main_date(text).as_deref(), Some("2024-03-05"));
}
