//! A shooting stays an event beside a disaster or attribution cue (`docs/codebook.md`,
//! "Not events"), while deaths in accidents and attacks named only in a claim of
//! responsibility are still left out. Every sentence is written for this test.

use eventwatch_events::{Options, Pipeline};
use eventwatch_schema::Event;
use eventwatch_text::{Document, DocumentMeta};

fn events(text: &str) -> Vec<Event> {
    let pipeline = Pipeline::new(&Options { country_hint: None }).expect("lexicons load");
    let meta = DocumentMeta {
        id: "t".to_string(),
        ..DocumentMeta::default()
    };
    pipeline.extract(&Document::new(meta, text)).events
}

/// Killed and injured summed over the events that are not aggregates.
fn totals(text: &str) -> (u32, u32) {
    events(text)
        .iter()
        .filter(|e| !e.aggregate)
        .fold((0, 0), |(k, i), e| (k + e.fatalities, i + e.injuries))
}

#[test]
fn a_gunshot_wound_beside_a_fire_is_not_an_accident_of_the_fire() {
    assert_eq!(
        totals(
            "A man suffered a gunshot wound to the leg on Saturday while crews fought a blaze \
             near Millbrook."
        ),
        (0, 1)
    );
}

#[test]
fn gunfire_and_a_crash_in_one_sentence_keep_the_wounded() {
    assert_eq!(
        totals(
            "One man was hospitalized after gunfire and a car crash on Maple Avenue early Sunday."
        ),
        (0, 1)
    );
}

#[test]
fn accused_of_shooting_reports_the_shooting() {
    let text =
        "A Dayton man is accused of shooting his cousin in the arm on Sunday during an argument.";
    assert_eq!(totals(text), (0, 1));
    let main = events(text).into_iter().next().expect("an event");
    assert_eq!(main.event_type, "Violence against civilians");
}

#[test]
fn accused_of_shooting_and_killing_counts_the_death() {
    assert_eq!(
        totals("A Lakeview woman has been accused of shooting and killing her landlord on Friday."),
        (1, 0)
    );
}

#[test]
fn deaths_in_a_crash_are_still_not_political_violence() {
    assert_eq!(
        totals("Two people were killed in a car crash on the highway near Millbrook on Monday."),
        (0, 0)
    );
}

#[test]
fn a_bombing_named_only_in_a_claim_of_responsibility_is_still_left_out() {
    assert_eq!(
        totals(
            "The group claimed responsibility for the bombing that killed 12 people in Kandahar \
             on Tuesday."
        ),
        (0, 0)
    );
}

fn events_published(text: &str, published: &str) -> Vec<Event> {
    let pipeline = Pipeline::new(&Options { country_hint: None }).expect("lexicons load");
    let meta = DocumentMeta {
        id: "t".to_string(),
        published: published.parse().ok(),
        ..DocumentMeta::default()
    };
    pipeline.extract(&Document::new(meta, text)).events
}

/// A killing the text dates nowhere near its words takes the day of the shooting the story
/// dates in its own clause, not the first date of the article when that is later (the steps
/// that follow a deed come after it) or told in a sentence without violence (a vigil).
#[test]
fn an_undated_killing_takes_the_day_of_the_dated_shooting_over_the_lede_day() {
    for (lede, published) in [("Thursday", "2018-03-09"), ("Saturday", "2018-03-09")] {
        let text = format!(
            "Mourners gathered {lede} at a church in Dayton.\n\n\
             Gunmen fired on a house on Elm Street in Dayton on Sunday night.\n\n\
             Marcus Hill, 31, died at the scene."
        );
        let events = events_published(&text, published);
        let main = events.first().expect("an event");
        assert_eq!(main.fatalities, 1);
        assert_eq!(main.date.as_deref(), Some("2018-03-04"), "{lede}");
    }
}

/// A death dated nowhere near its words takes the day of the shooting told in the next
/// sentences (folded into the death's event), when that day is named, not "this afternoon".
#[test]
fn an_undated_death_takes_the_day_of_the_deed_told_after_it() {
    let told = |when: &str| {
        let text = format!(
            "Mourners gathered Tuesday outside the Oak Street home of Marcus Hill.\n\n\
             Hill, 31, died at the scene.\n\n\
             Gunmen in a passing car fired on the house {when}, police said."
        );
        let events = events_published(&text, "2018-03-07");
        events.first().and_then(|e| e.date.clone())
    };
    assert_eq!(told("Sunday night").as_deref(), Some("2018-03-04"));
    assert_eq!(told("this afternoon").as_deref(), Some("2018-03-06"));
}

/// A deed further down a list of charges is a charge too ("charged with robbery with a
/// firearm, aggravated assault with a weapon"): the arrest dated in its clause stays first.
#[test]
fn a_deed_in_a_list_of_charges_is_a_charge() {
    let text =
        "A Gainesville man was arrested Saturday evening after he waved a gun at a party.\n\n\
                He was charged with robbery with a firearm, aggravated assault with a weapon and \
                trespassing. He remained held Sunday at the county jail.";
    let events = events_published(text, "2018-03-18");
    let main = events.first().expect("an event");
    assert_eq!(main.event_type, "Strategic developments");
    assert_eq!(main.date.as_deref(), Some("2018-03-17"));
}

/// An arrest dated only by the lede keeps that day: the day of the violence is the deed's,
/// not the day of a later step.
#[test]
fn an_undated_arrest_does_not_take_the_day_of_the_violence() {
    let text = "Mourners gathered Thursday at a church in Dayton.\n\n\
                Gunmen fired on a house on Elm Street in Dayton on Sunday night.\n\n\
                Police later arrested a man at a motel.";
    let events = events_published(text, "2018-03-09");
    let arrest = events
        .iter()
        .find(|e| e.evidence.iter().any(|x| x.text == "arrested"))
        .expect("the arrest");
    assert_eq!(arrest.date.as_deref(), Some("2018-03-08"));
}

/// A later step of the story (a sentencing) dated in its words ranks after the deed it
/// follows, dated earlier in its own words: the search that found the gun is the news.
#[test]
fn a_sentencing_ranks_after_the_deed_it_follows() {
    let text = "On Monday, a Madison man was sentenced to 10 years in prison for running a drug \
                ring while armed.\n\n\
                On Jan. 8, officers executed a search warrant at his home and found a loaded \
                handgun.";
    let events = events_published(text, "2014-09-03");
    let main = events.first().expect("an event");
    assert_eq!(main.date.as_deref(), Some("2014-01-08"));
    let sentencing = events
        .iter()
        .find(|e| e.evidence.iter().any(|x| x.text == "sentenced"))
        .expect("the sentencing");
    assert_eq!(sentencing.date.as_deref(), Some("2014-09-01"));
}

/// The deed told before an undated death, in the paragraph before it, dates it too.
#[test]
fn an_undated_death_takes_the_day_of_the_deed_told_before_it() {
    let text = "Mourners gathered Tuesday outside the home of Marcus Hill.\n\n\
                Gunmen fired on the house Sunday night, police said.\n\n\
                Hill, 31, died at the scene.";
    let events = events_published(text, "2018-03-07");
    let main = events.first().expect("an event");
    assert_eq!(main.fatalities, 1);
    assert_eq!(main.date.as_deref(), Some("2018-03-04"));
}

/// The violent events of a text with casualties: (aggregate, killed, injured), main first.
fn casualty_events(text: &str) -> Vec<(bool, u32, u32)> {
    events(text)
        .iter()
        .filter(|e| e.fatalities + e.injuries > 0)
        .map(|e| (e.aggregate, e.fatalities, e.injuries))
        .collect()
}

#[test]
fn a_total_and_its_victims_at_one_scene_are_one_event() {
    // The total, then its victims one by one at the same store: one shooting.
    let text = "MILLBROOK — Police are looking for a man who shot four people outside a grocery \
                store in Millbrook on Thursday night. The security guard was shot twice. A \
                woman was shot in the leg, and a man was shot in the arm.";
    assert_eq!(casualty_events(text), vec![(false, 0, 4)]);
}

#[test]
fn a_total_over_parts_in_different_towns_stays_an_aggregate() {
    // Parts at two places: a round-up over two events, the total kept apart as aggregate.
    let text = "Six people were killed in attacks on Monday. Gunmen killed four people in Kirkuk, \
                and a bomb killed two people in Mosul.";
    let ev = casualty_events(text);
    assert!(ev.contains(&(true, 6, 0)), "{ev:?}");
    assert!(ev.contains(&(false, 4, 0)), "{ev:?}");
    assert!(ev.contains(&(false, 2, 0)), "{ev:?}");
}

#[test]
fn a_gun_turned_on_oneself_is_no_battle() {
    // The wounded shooter attacked no one: no armed side, no battle with the state.
    let e = events("A teenager accidentally shot himself in the foot in Millbrook on Tuesday.")
        .into_iter()
        .next()
        .expect("an event");
    assert_ne!(e.event_type, "Battles");
    assert_eq!(e.actor2.map(|a| a.inter), Some(7));
}

/// A victim taken to a hospital named after a town of another state: the shooting is in
/// the report's town, and the hospital's name stays among the document's place mentions.
#[test]
fn a_hospital_named_after_a_town_elsewhere_is_no_scene_but_still_a_place_mention() {
    let pipeline = Pipeline::new(&Options { country_hint: None }).expect("lexicons load");
    let meta = DocumentMeta {
        id: "t".to_string(),
        ..DocumentMeta::default()
    };
    let text = "FARGO, N.D. — A woman was shot in the stomach on Tuesday when a gun went off, \
                police said. She was in stable condition at Sanford Medical Center.";
    let x = pipeline.extract(&Document::new(meta, text));
    let main = x.events.first().expect("an event");
    let place = main.location.as_ref().expect("a place");
    assert_eq!(place.name, "Fargo", "{place:?}");
    assert!(
        x.places.iter().any(|p| p.text == "Sanford"),
        "{:?}",
        x.places
    );
}

/// A link to another story in a page's text ("RELATED: ...") is that story's headline, not
/// an event of this report; a headline that runs on into the next sentence (the page lost
/// its full stop) ends at the sentence's opening word.
#[test]
fn a_related_story_headline_is_no_event() {
    let text = "A man was shot in the leg late Wednesday on Elm Street, police said. \
                RELATED: Boy shot near a playground Sunday dies The victim of Wednesday's \
                shooting was taken to a hospital.";
    let all = events(text);
    assert!(
        all.iter().all(|e| !e
            .evidence
            .iter()
            .any(|x| x.text.contains("playground") || x.text.contains("Boy shot"))),
        "{all:#?}"
    );
    assert_eq!(totals(text), (0, 1));
}

/// A local report that names its town only as its police's ("Murfreesboro Police said") or only
/// once in a later sentence is placed at that town, not at the country.
#[test]
fn a_local_report_is_placed_at_its_police_town_or_its_only_town() {
    let place = |text: &str| {
        events(text)
            .into_iter()
            .next()
            .and_then(|e| e.location)
            .map(|l| l.name)
    };
    assert_eq!(
        place(
            "A 2-year-old girl accidentally shot herself on Saturday morning.\n\n\
             Her family moved there from Nashville last year. Murfreesboro Police said the gun \
             belonged to her father."
        )
        .as_deref(),
        Some("Murfreesboro")
    );
    assert_eq!(
        place(
            "A 12-year-old boy died in an accidental shooting over the weekend.\n\n\
             Police said the boy found a loaded handgun in a bedroom closet. His \
             friend was with him at the time. Officers arrived within minutes. The \
             boy was pronounced dead at the scene. No charges have been filed.\n\n\
             Dozens of neighbors rallied for peace in Elmira on Monday."
        )
        .as_deref(),
        Some("Elmira")
    );
}

/// A government's statement in a report that names one town is not placed at that town:
/// the only-town fallback is for deeds.
#[test]
fn a_statement_is_not_placed_at_a_reports_only_town() {
    let text = "Iraqi troops killed 40 protesters across the country on Thursday, in one of \
                the bloodiest days since demonstrations against the government began in \
                October.\n\
                In Nassiriya, soldiers shot dead at least 25 demonstrators who had blocked a \
                bridge before dawn, police and medical sources said.\n\
                Funerals were held in the southern city later in the day.\n\
                Prime Minister Adel Abdul Mahdi has rejected calls to step down, and the \
                government has blamed the unrest on outside interference.";
    let all = events(text);
    let reject = all
        .iter()
        .find(|e| e.plover_type == "REJECT")
        .expect("the refusal is an event");
    let place = reject.location.as_ref().map(|l| l.name.as_str());
    assert_eq!(place, Some("Iraq"), "{all:#?}");
}
