//! Coding rules of `docs/codebook.md`, one sentence each: ACLED sub-event types and PLOVER
//! types of the main event. Every sentence is written for this test.

use eventwatch_events::{Options, Pipeline};
use eventwatch_schema::Event;
use eventwatch_text::{Document, DocumentMeta};

/// Every event of a text, main event first.
fn events(text: &str) -> Vec<Event> {
    let pipeline = Pipeline::new(&Options { country_hint: None }).expect("lexicons load");
    let meta = DocumentMeta {
        id: "t".to_string(),
        ..DocumentMeta::default()
    };
    pipeline.extract(&Document::new(meta, text)).events
}

fn main_event(text: &str) -> Option<Event> {
    events(text).into_iter().next()
}

fn sub(text: &str) -> String {
    main_event(text).map_or_else(|| "(none)".to_string(), |e| e.sub_event_type)
}

fn plover(text: &str) -> String {
    main_event(text).map_or_else(|| "(none)".to_string(), |e| e.plover_type)
}

#[test]
fn chemical_weapons_are_their_own_sub_type() {
    assert_eq!(
        sub("Rebels launched a poison gas attack on the town of Saraqib on Monday, killing 9 people."),
        "Chemical weapon"
    );
}

#[test]
fn bases_and_observation_posts_established() {
    assert_eq!(
        sub("Turkish troops set up a new observation post near the town of Saraqib on Monday."),
        "Headquarters or base established"
    );
    assert_eq!(
        sub("The army established a military base near Kirkuk on Tuesday."),
        "Headquarters or base established"
    );
}

#[test]
fn weapons_seized_in_a_raid_are_disrupted_weapons_use() {
    assert_eq!(
        sub("Police seized rifles and grenades in a raid on a house in Mombasa on Friday."),
        "Disrupted weapons use"
    );
}

#[test]
fn protesters_who_clash_or_throw_stones_riot() {
    assert_eq!(
        sub("Protesters clashed with police in central Santiago on Monday."),
        "Violent demonstration"
    );
    assert_eq!(
        sub("Demonstrators hurled stones and bottles at the police in Athens on Saturday."),
        "Violent demonstration"
    );
    assert_eq!(
        sub("Heavy clashes broke out between police and students outside the university in Dhaka on Sunday."),
        "Violent demonstration"
    );
}

#[test]
fn riot_police_are_police_not_a_riot() {
    let e =
        main_event("Riot police stood by as hundreds marched peacefully in Nairobi on Tuesday.");
    assert_eq!(e.map(|e| e.event_type), Some("Protests".to_string()));
}

#[test]
fn a_mob_outside_a_demonstration_is_mob_violence() {
    assert_eq!(
        sub("An angry mob torched two shops in the market of Jos on Wednesday."),
        "Mob violence"
    );
}

#[test]
fn demonstrators_who_gather_and_urge_protest() {
    assert_eq!(
        sub("Demonstrators gathered in Lisbon on Thursday to urge the government to cut fuel prices."),
        "Peaceful protest"
    );
}

#[test]
fn deployments_change_a_group_activity() {
    assert_eq!(
        sub(
            "The army deployed troops and armoured vehicles to the border town of Kilis on Sunday."
        ),
        "Change to group/activity"
    );
}

#[test]
fn territory_taken_by_whom_and_how() {
    assert_eq!(
        sub("Government troops recaptured the town of Palma from the insurgents on Monday."),
        "Government regains territory"
    );
    assert_eq!(
        sub("Rebels seized the town of Bunia from the army on Monday."),
        "Non-state actor overtakes territory"
    );
    assert_eq!(
        sub("Militants took control of the village of Tora on Monday without resistance after the army withdrew."),
        "Non-violent transfer of territory"
    );
}

#[test]
fn prisoner_exchanges_are_agreements() {
    assert_eq!(
        sub("The government and the rebels completed a prisoner exchange in Aden on Sunday."),
        "Agreement"
    );
}

#[test]
fn sexual_assault_is_sexual_violence() {
    assert_eq!(
        sub("Two soldiers were charged after the sexual assault of a woman in Goma on Friday."),
        "Sexual violence"
    );
}

#[test]
fn stated_intent_and_obligation_in_plover() {
    // An intent to cooperate is AGREE; an intent to coerce is THREATEN.
    assert_eq!(plover("The minister will visit Lagos next week."), "AGREE");
    assert_eq!(
        plover("The governor said he would extend the curfew in the capital."),
        "THREATEN"
    );
    // What someone must do is demanded.
    assert_eq!(
        plover("The envoy said the two parties must cooperate with the inspectors."),
        "REQUEST"
    );
    // A cooperative act denied is a rejection.
    assert_eq!(
        plover("The two delegations failed to reach an agreement on the border."),
        "REJECT"
    );
    assert_eq!(
        sub("The two delegations failed to reach an agreement on the border."),
        "Other"
    );
    // A deed made conditional is a threat.
    assert_eq!(
        plover("The union said it would boycott the talks unless wages rose."),
        "THREATEN"
    );
}

#[test]
fn what_a_statement_is_about_is_not_the_main_event() {
    assert_eq!(
        plover("The farmers threatened to block the main highway on Monday."),
        "THREATEN"
    );
    assert_eq!(
        plover("The minister condemned the bombing of a market in Kano."),
        "ACCUSE"
    );
}

#[test]
fn the_cause_of_the_main_event_ranks_after_it() {
    assert_eq!(
        plover("The government lifted the curfew in Bouake on Sunday, a week after clashes between rival militias."),
        "CONCEDE"
    );
}

#[test]
fn generated_verbs_are_not_names_or_actor_words() {
    // "United" (the United Nations) and "forces" are not verbs.
    let e = main_event("The United Nations forces were in the region of Gao on Monday.");
    assert!(e.is_none(), "{e:?}");
}

#[test]
fn what_aircraft_fire_is_an_air_strike() {
    assert_eq!(
        sub("Missiles fired by warplanes hit a market in Maarat al-Numan on Monday."),
        "Air/drone strike"
    );
}

#[test]
fn air_strikes_carried_out_or_flown_by_air_forces() {
    for text in [
        "Government air forces carried out strikes on a rebel camp in the forest.",
        "The air force conducted airstrikes on militant hideouts on Sunday.",
        "Fighter jets strike insurgent positions in the mountains, killing twelve.",
    ] {
        assert_eq!(sub(text), "Air/drone strike", "{text}");
    }
    // The air force that opens the trigger is its doer, and the group it hit the other side.
    let text = "Nigerian air forces bombed a Boko Haram convoy near Damboa, killing ten.";
    assert_eq!(sub(text), "Air/drone strike");
    assert_eq!(inters(text), (1, 2));
}

#[test]
fn suicide_attackers_by_any_name() {
    assert_eq!(
        sub("Two kamikaze attackers blew up a truck at a checkpoint in Kabul on Monday."),
        "Suicide bomb"
    );
}

#[test]
fn weapons_found_is_a_clause_whatever_its_first_word() {
    assert_eq!(
        sub("A cache of rifles and ammunition has been found at a farm near Nakuru."),
        "Disrupted weapons use"
    );
}

#[test]
fn victims_named_as_fighters_make_a_battle() {
    assert_eq!(
        sub("Ten militants were killed when they attacked an army base near Diffa on Monday."),
        "Armed clash"
    );
}

#[test]
fn territory_taken_after_a_withdrawal_changed_hands_without_a_battle() {
    assert_eq!(
        sub("Rebels took control of the town of Kamanyola on Monday following the withdrawal of the army."),
        "Non-violent transfer of territory"
    );
}

#[test]
fn property_destroyed_is_recorded() {
    assert_eq!(
        sub("Dozens of shops were destroyed in the market of Onitsha on Sunday."),
        "Looting/property destruction"
    );
}

#[test]
fn a_protest_and_its_riot_are_one_happening() {
    // The riot named "after" the protests is not their cause: it is what they became.
    assert_eq!(
        sub("There were angry protests in Caracas on Monday after demonstrators clashed with police."),
        "Violent demonstration"
    );
}

#[test]
fn history_ranks_after_the_news() {
    let e = main_event(
        "Thousands rallied in Khartoum on Saturday to mourn the students shot dead last month.",
    );
    assert_eq!(e.map(|e| e.event_type), Some("Protests".to_string()));
}

#[test]
fn a_trigger_inside_a_name_is_not_a_deed() {
    let pipeline = Pipeline::new(&Options { country_hint: None }).expect("lexicons load");
    let text = "Police made arrests at a Stop The Shooting Now march in Leeds on Saturday.";
    let doc = Document::new(DocumentMeta::default(), text);
    let events = pipeline.extract(&doc).events;
    assert!(!events.is_empty());
    assert!(
        events.iter().all(|e| e.plover_type != "ASSAULT"),
        "a campaign's name is not a shooting: {events:?}"
    );
}

#[test]
fn strikes_and_hunger_strikes_are_protests() {
    assert_eq!(
        plover("Thousands of dockers stopped work at the start of an open-ended strike."),
        "PROTEST"
    );
    assert_eq!(
        plover("The prisoners continued their hunger strike to demand a fair trial."),
        "PROTEST"
    );
    assert_eq!(
        plover("Farmers blocked traffic into the capital with their tractors."),
        "PROTEST"
    );
}

#[test]
fn the_weapon_named_in_a_short_report_specifies_its_attacks() {
    assert_eq!(
        sub("Police posts were hit by coordinated attacks in Yala on Monday night. Officials said the attacks were carried out with grenades."),
        "Grenade"
    );
}

#[test]
fn a_killing_named_as_the_cause_keeps_its_rank() {
    assert_eq!(
        plover("Police arrested a man in Dayton on Monday after he shot dead his neighbour."),
        "ASSAULT"
    );
}

fn inters(text: &str) -> (u8, u8) {
    main_event(text).map_or((9, 9), |e| {
        (
            e.actor1.map_or(0, |a| a.inter),
            e.actor2.map_or(0, |a| a.inter),
        )
    })
}

#[test]
fn demonstrations_are_done_by_protesters_and_riots_by_rioters() {
    // A peaceful protest: protesters, no other side, even with no crowd word.
    assert_eq!(
        inters("Teachers of the district marched to the town hall in Mombasa on Monday demanding unpaid salaries."),
        (6, 0)
    );
    // Police who disperse a protest are its other side, not its doer.
    let e =
        main_event("Police dispersed a protest by traders in Nairobi on Tuesday.").expect("event");
    assert_eq!(e.sub_event_type, "Protest with intervention");
    assert_eq!(e.actor1.as_ref().map(|a| a.inter), Some(6));
    assert_eq!(e.actor2.as_ref().map(|a| a.inter), Some(1));
    // Violent demonstrators are rioters.
    let (i1, _) = inters("Protesters torched a bus and stoned shops in Dhaka on Sunday.");
    assert_eq!(i1, 5);
}

#[test]
fn members_of_a_named_party_who_attack_are_rioters() {
    for text in [
        "BJP workers attacked a rival candidate outside his house in Kota on Tuesday.",
        "Chhatra League activists beat up a student at the university in Sylhet on Monday.",
    ] {
        let e = main_event(text).expect("event");
        assert_eq!(e.event_type, "Riots", "{text}");
        assert_eq!(inters(text).0, 5, "{text}");
    }
}

#[test]
fn a_battle_against_state_forces_by_nobody_named_is_an_unidentified_groups() {
    let text = "Three soldiers were killed when their patrol was ambushed near Gao on Monday.";
    assert_eq!(main_event(text).expect("event").event_type, "Battles");
    assert_eq!(inters(text), (3, 1));
}

#[test]
fn a_battle_is_fought_between_armed_sides_not_against_the_civilians_in_it() {
    let text = "Troops fought militants near the town on Monday and ten others were wounded in the fighting.";
    assert_eq!(main_event(text).expect("event").event_type, "Battles");
    assert_eq!(inters(text), (1, 3));
}

#[test]
fn a_deed_named_by_a_noun_stands_at_a_place_the_gazetteer_lacks() {
    // "in Kimbolwe", "in Marbolowe": capitalised names after a locative preposition place
    // the deed even when no gazetteer knows them.
    assert_eq!(
        sub("A protest by traders in Kimbolwe against new market fees."),
        "Peaceful protest"
    );
    assert_eq!(
        main_event("Fighting between the two clans in Marbolowe left several houses burnt.")
            .expect("event")
            .event_type,
        "Riots"
    );
}

#[test]
fn african_state_forces_by_their_acronyms() {
    // A security officer killed by gunmen: a battle with the state's forces.
    let text = "Masked gunmen kill NISS officer near a market in Nyala.";
    assert_eq!(main_event(text).expect("event").event_type, "Battles");
    assert_eq!(inters(text), (3, 1));
    assert_eq!(
        inters("SAF shelled Golo village on Friday, killing two farmers.").0,
        1
    );
}

#[test]
fn assailants_who_burn_bystanders_with_petrol_bombs_attack_civilians() {
    let text =
        "Unidentified assailants hurled a petrol bomb at a bus in Feni, injuring three passengers.";
    assert_eq!(
        main_event(text).expect("event").event_type,
        "Violence against civilians"
    );
    assert_eq!(inters(text), (3, 7));
    // Without victims, the street weapon keeps the deed a riot.
    let text = "Unidentified assailants hurled two crude bombs near the court in Feni on Sunday.";
    assert_eq!(main_event(text).expect("event").event_type, "Riots");
}

#[test]
fn law_enforcers_are_police_not_hartal_enforcers() {
    let text =
        "Law enforcers opened fire on a procession in Natore, killing one man and injuring nine.";
    assert_eq!(inters(text).0, 1);
}

#[test]
fn an_officer_attacked_at_home_is_a_civilian_victim() {
    let text = "Gunmen shot dead a police sergeant outside his home in Mansoura on Tuesday.";
    assert_eq!(
        main_event(text).expect("event").event_type,
        "Violence against civilians"
    );
    assert_eq!(inters(text), (3, 7));
}

#[test]
fn an_attack_whose_target_fought_back_is_a_battle() {
    for text in [
        "Gunmen attacked a convoy on the highway near Beira. Soldiers escorting it returned fire.",
        "Armed men attacked a bus carrying a minister near Ondo, and his police escort returned fire.",
    ] {
        assert_eq!(main_event(text).expect("event").event_type, "Battles", "{text}");
        assert_eq!(inters(text), (3, 1), "{text}");
    }
    // A battle by one named non-state side was fought against the state's forces.
    assert_eq!(
        inters("Rebel fighters clashed in the hills near Mweso on Sunday, leaving three injured."),
        (2, 1)
    );
}

#[test]
fn unidentified_assailants_who_torch_property_riot() {
    assert_eq!(
        sub("Unidentified assailants torched a party office in Gaibandha town early on Thursday."),
        "Mob violence"
    );
}

#[test]
fn fulani_named_alone_are_an_identity_militia() {
    let text = "Fulanis attacked two farming villages in Benue state, killing 12 residents.";
    assert_eq!(inters(text).0, 4);
}

#[test]
fn protests_named_with_the_verb_that_holds_them() {
    for text in [
        "Members of the teachers' union staged a dharna demanding higher pay.",
        "Opposition activists brought out a procession against the fuel price hike.",
        "Farmers formed a human chain along the highway to oppose the land law.",
        "Nurses have been striking for a week over unpaid wages.",
        "Lawyers boycotted court proceedings across the district over the new fee.",
        "Junior doctors abstained from work to press for the payment of their stipends.",
        "A complete shutdown was observed in the valley against the new law.",
        "Hundreds of villagers laid siege to a cement factory they blame for polluting the river.",
        "Hundreds of teachers gathered at the stadium demanding regular jobs.",
        "Shopkeepers staged a sit-in-protest in front of the municipal office.",
    ] {
        assert_eq!(sub(text), "Peaceful protest", "{text}");
        assert_eq!(inters(text).0, 6, "{text}");
    }
}

#[test]
fn clashes_between_unarmed_groups_are_riots_or_communal_battles() {
    // No armed side: rioters on both sides.
    let e = main_event(
        "Twelve people were injured when supporters of two rival candidates clashed in Comilla on Monday.",
    )
    .expect("event");
    assert_eq!(e.event_type, "Riots");
    assert_eq!(inters("Twelve people were injured when supporters of two rival candidates clashed in Comilla on Monday."), (5, 5));
    // Deadly: a battle between communal militias.
    let text = "Two men were killed in a clash between two groups of villagers over a land dispute in Pabna on Friday.";
    assert_eq!(main_event(text).expect("event").event_type, "Battles");
    assert_eq!(inters(text), (4, 4));
    // An armed group named in the report keeps the clash a battle of armed sides.
    let text = "Maoist rebels clashed with police in a forest of Malkangiri district on Friday, killing two.";
    assert_eq!(main_event(text).expect("event").event_type, "Battles");
    assert_eq!(inters(text).0, 2);
}

#[test]
fn state_forces_abroad_are_external_and_peacekeepers_too() {
    let e =
        main_event("Kenyan troops killed five Al Shabaab fighters in Kismayo, Somalia, on Sunday.")
            .expect("event");
    assert_eq!(e.actor1.map(|a| a.inter), Some(8));
    let e = main_event("Gunmen attacked peacekeepers near Bangui on Tuesday, killing one.")
        .expect("event");
    assert_eq!(e.actor2.map(|a| a.inter), Some(8));
}

#[test]
fn a_demonstration_that_destroys_is_a_riot() {
    let text = "Traders burnt tyres and blocked the main road to protest against the closure of the market.";
    assert_eq!(main_event(text).expect("event").event_type, "Riots");
    assert_eq!(inters(text).0, 5);
}

#[test]
fn violence_by_one_armed_side_without_victims_is_against_the_other() {
    let text = "Government forces repelled an al Shabaab attack on the town of Maxaas on Sunday.";
    let e = main_event(text).expect("event");
    assert_eq!(e.event_type, "Battles");
    assert_eq!(inters(text), (1, 2));
}

fn place(text: &str) -> String {
    main_event(text)
        .and_then(|e| e.location)
        .map_or_else(|| "(none)".to_string(), |l| l.name)
}

#[test]
fn a_country_inside_a_name_or_alone_gives_way_to_a_town() {
    assert_eq!(
        place(
            "Supporters of Bangladesh Jamaat-e-Islami beat four policemen in Rajshahi on Tuesday."
        ),
        "Rājshāhi"
    );
    // A short report naming its place only after the event.
    assert_eq!(
        place("Two trucks were set ablaze by picketers on the highway last night. The incident took place at Feni."),
        "Feni"
    );
}

#[test]
fn clergy_herders_and_police_ranks_are_victims_that_count() {
    let e = main_event("Gunmen gunned down a priest in Al Arish on Monday.").expect("event");
    assert_eq!(e.fatalities, 1);
    let e = main_event(
        "Two constables were killed when militants attacked a police post in Tirap on Friday.",
    )
    .expect("event");
    assert_eq!(e.fatalities, 2);
    assert_eq!(e.actor2.map(|a| a.inter), Some(1));
}

#[test]
fn violence_a_protest_is_against_is_its_topic() {
    let e = main_event("Civil society groups staged a protest against the murder of a shopkeeper in Moro on Sunday.")
        .expect("event");
    assert_eq!(e.event_type, "Protests");
    assert_eq!(e.fatalities, 0);
    // Violence in a clause of its own is an event.
    let e = main_event(
        "Students protested against the fee rise in Dhaka when police opened fire, killing two.",
    )
    .expect("event");
    assert_eq!(e.fatalities, 2);
    // A list of what the protest is against, a vigil held for the dead, and kin who
    // protest the harm done to one of theirs.
    for text in [
        "The ruling alliance held a rally in the district town strongly protesting blockades, strikes, violence and killing of innocent people.",
        "A procession was held around the town for two teachers believed to be murdered by soldiers.",
        "Relatives of a girl who was allegedly assaulted by a bus cleaner staged protests and blocked traffic near the school.",
    ] {
        let e = main_event(text).expect("event");
        assert_eq!(e.event_type, "Protests", "{text}");
        assert_eq!(e.fatalities, 0, "{text}");
    }
}

#[test]
fn strikes_sit_ins_and_placards() {
    for text in [
        "Teachers on strike over unpaid salaries in Kabwe.",
        "Residents waved placards outside the magistrate's court.",
        "Farmers began an indefinite fast demanding drought relief.",
    ] {
        assert_eq!(
            main_event(text).map(|e| e.event_type),
            Some("Protests".to_string()),
            "{text}"
        );
    }
}

#[test]
fn unnamed_doers_and_victims_take_acled_defaults() {
    // An explosion by nobody named: an unidentified armed group against civilians.
    let text = "A bomb exploded at a bus stand in Jessore on Wednesday, injuring three.";
    assert_eq!(inters(text), (3, 7));
    // An air strike is flown by a state.
    let e =
        main_event("An air strike hit a market in Sirte on Friday, killing four.").expect("event");
    assert_eq!(e.sub_event_type, "Air/drone strike");
    assert_eq!(e.actor1.map(|a| a.inter), Some(1));
}

#[test]
fn default_actors_have_no_words() {
    let e = main_event("A bomb exploded at a bus stand in Jessore on Wednesday, injuring three.")
        .expect("event");
    assert_eq!(e.actor1.map(|a| a.text), Some(String::new()));
    let e = main_event("Gunmen killed two villagers in Kano on Monday.").expect("event");
    assert_eq!(e.actor1.map(|a| a.text), Some("Gunmen".to_string()));
}

#[test]
fn street_weapons_make_riots() {
    let text = "Pickets exploded three crude bombs at a bus stand in Dhaka on Tuesday, leaving four people wounded.";
    let e = main_event(text).expect("event");
    assert_eq!(e.event_type, "Riots");
    assert_eq!(inters(text), (5, 7));
    // A bomb of war stays an explosion.
    assert_eq!(
        main_event(
            "A roadside bomb exploded near a bus stand in Kandahar on Tuesday, wounding four."
        )
        .map(|e| e.event_type),
        Some("Explosions/Remote violence".to_string())
    );
}

#[test]
fn a_clash_whose_only_police_are_informants_is_a_riot() {
    let text = "At least ten people were injured in a clash between two factions of a student union in Sylhet on Saturday. The officer-in-charge of the police station confirmed the incident.";
    let e = main_event(text).expect("event");
    assert_eq!(e.event_type, "Riots");
    assert_eq!(inters(text), (5, 5));
}

#[test]
fn gunfights_and_encounters_are_battles_of_their_fighters() {
    let text = "Two members of an outlawed communist party were killed in a gunfight with the Rapid Action Battalion in Kushtia on Saturday.";
    assert_eq!(
        main_event(text).map(|e| e.event_type),
        Some("Battles".to_string())
    );
    // Generic victims of a clash are its fighters, not civilians caught in it.
    let text = "A man was killed and three others injured in a gunfight between police and robbers in Pabna on Thursday.";
    assert_eq!(
        main_event(text).map(|e| e.event_type),
        Some("Battles".to_string())
    );
    // Border guards of another country are external forces.
    let e =
        main_event("Pakistani Rangers fired on border posts in Jammu district of India on Sunday.")
            .expect("event");
    assert_eq!(e.actor1.map(|a| a.inter), Some(8));
}

#[test]
fn protests_policed_or_named_passively_and_their_causes() {
    // An arrest places a protest named by a noun: the protest met by an intervention.
    assert_eq!(
        sub("Seventeen activists were arrested during a peaceful demonstration calling for the release of prisoners."),
        "Protest with intervention"
    );
    assert_eq!(
        main_event("Rallies were held to mark Human Rights Day.").map(|e| e.event_type),
        Some("Protests".to_string())
    );
    // The killing a vigil follows is its cause, reported elsewhere.
    let e =
        main_event("Residents held a vigil after a young girl was killed in Moga.").expect("event");
    assert_eq!(e.event_type, "Protests");
    assert_eq!(e.fatalities, 0);
}

#[test]
fn crowds_that_destroy_or_fight_riot_and_air_forces_strike() {
    assert_eq!(
        main_event("Students staged a violent strike at the school, destroying property.")
            .map(|e| e.event_type),
        Some("Riots".to_string())
    );
    assert_eq!(
        main_event("Opposition cadres shattered the windows of campaign vehicles in Mpima.")
            .map(|e| e.event_type),
        Some("Riots".to_string())
    );
    // Rioters in a deadly clash with police: still a riot.
    assert_eq!(
        main_event(
            "Two police officers were killed when police clashed with rioters in Lafto on Monday."
        )
        .map(|e| e.event_type),
        Some("Riots".to_string())
    );
    assert_eq!(
        sub("The Tunisian air force bombed Jebel Ouergha on Thursday."),
        "Air/drone strike"
    );
}

#[test]
fn a_short_report_of_arrests_or_a_lathi_charge_is_a_protest_met_by_force() {
    let text =
        "Members of a farmers' union protested a new tax in Nagpur. Police detained 15 people.";
    assert_eq!(sub(text), "Protest with intervention");
    assert_eq!(inters(text), (6, 1));
    assert_eq!(
        sub("Police lathicharged party workers who were protesting outside the collectorate in Raiganj."),
        "Protest with intervention"
    );
}

#[test]
fn a_burnt_effigy_or_a_riot_protested_against_keeps_a_protest_peaceful() {
    assert_eq!(
        sub("Union leaders set fire to an effigy of the minister in front of the bus station in Nizamabad on Monday."),
        "Peaceful protest"
    );
}

#[test]
fn a_kidnapping_a_protest_is_against_is_its_topic() {
    let e = main_event("In protest against the kidnapping of a trader by unidentified persons, women held a sit-in near Chandel on Friday.")
        .expect("event");
    assert_eq!(e.event_type, "Protests");
}

#[test]
fn a_battle_with_one_named_non_state_side_was_fought_by_the_state() {
    let text = "Fourteen Boko Haram fighters were killed in clashes near Damboa on Sunday.";
    let e = main_event(text).expect("event");
    assert_eq!(e.event_type, "Battles");
    assert_eq!(inters(text), (1, 2));
}

#[test]
fn an_arrest_a_protest_is_about_is_no_intervention() {
    assert_eq!(
        sub("Traders protested in Kohat on Monday demanding the arrest of the killers of a shopkeeper."),
        "Peaceful protest"
    );
    assert_eq!(
        sub("Party workers staged a sit-in in Kohat protesting the arrest of their leader."),
        "Peaceful protest"
    );
}

#[test]
fn a_police_raid_that_hurt_no_one_is_no_attack() {
    assert_eq!(
        sub("Police raided the offices of an opposition newspaper in Lusaka on Tuesday."),
        "Other"
    );
    assert_eq!(
        sub("Police raided homes in Pemba and arrested dozens of opposition members on Monday."),
        "Arrests"
    );
    // With casualties it stays violence.
    assert_eq!(
        main_event("Police raided a house in Pemba on Monday, killing two men.")
            .map(|e| e.event_type),
        Some("Violence against civilians".to_string())
    );
}

#[test]
fn security_officials_are_state_victims() {
    let e = main_event(
        "One security official was killed when a roadside bomb went off in Tirah on Monday.",
    )
    .expect("event");
    assert_eq!(e.fatalities, 1);
    assert_eq!(e.actor2.map(|a| a.inter), Some(1));
}

#[test]
fn a_toll_after_a_clash_between_armed_sides_is_the_battle_toll() {
    let text = "Clashes broke out between soldiers and rebels near Wau on Friday. At least four policemen and nine civilians were killed.";
    let e = main_event(text).expect("event");
    assert_eq!(e.event_type, "Battles");
    assert_eq!(e.fatalities, 13);
}

#[test]
fn a_deed_phrase_holding_a_time_word_is_still_a_deed() {
    assert_eq!(
        sub("Opposition legislators staged an overnight protest in the parliament."),
        "Peaceful protest"
    );
    // A single trigger word inside a date is a date: "on 19 March" is not a march.
    assert_eq!(
        sub("The council met on 19 March to discuss the budget."),
        sub("The council met to discuss the budget.")
    );
}

#[test]
fn protests_that_erupt_or_continue_need_no_place() {
    assert_eq!(
        sub("Protests erupted over the death of a civil servant, even as legislators stalled the session."),
        "Peaceful protest"
    );
}

#[test]
fn a_crowd_fighting_state_forces_riots() {
    let text =
        "Villagers attacked a border guard camp near Kathua on Monday, injuring thirteen soldiers.";
    assert_eq!(
        main_event(text).map(|e| e.event_type),
        Some("Riots".to_string())
    );
    assert_eq!(inters(text), (5, 1));
}

/// The PLOVER types of every event of a text: for rules about what is no event.
fn all_events(text: &str) -> Vec<String> {
    events(text).into_iter().map(|e| e.plover_type).collect()
}

#[test]
fn nouns_and_modifiers_are_no_verbs_of_the_generated_lexicon() {
    // "turning point" is no agreement, "the escalating crisis" no event of its own.
    assert_eq!(
        all_events("The vote was seen as a major turning point in the escalating crisis."),
        Vec::<String>::new()
    );
}

#[test]
fn asking_someone_to_act_is_a_request() {
    assert_eq!(
        plover("The cleric asked his followers to stay away from the government offices."),
        "REQUEST"
    );
}

#[test]
fn how_a_movement_began_is_history_unless_its_day_is_named() {
    let history = "The strikes in Lagos originally began with demands for higher wages, \
                   which eventually grew into a national movement.";
    assert_eq!(sub(history), "(none)", "{:?}", events(history));
    let dated = "Protests first broke out in Lagos on 3 March 2021 over fuel prices.";
    assert_eq!(sub(dated), "Peaceful protest", "{:?}", events(dated));
}

#[test]
fn a_protest_is_met_by_the_force_its_sentence_names() {
    let text = "Soldiers shot dead two people in Mombasa on Friday after protesters blocked a \
                highway into the port.";
    let blockade = events(text)
        .into_iter()
        .find(|e| e.sub_event_type == "Protest with intervention");
    let actor2 = blockade.as_ref().and_then(|e| e.actor2.as_ref());
    assert_eq!(
        actor2.map(|a| a.name.as_str()),
        Some("Military Forces of Kenya"),
        "{:?}",
        events(text)
    );
}

#[test]
fn a_crowd_that_gathers_to_press_a_grievance_demonstrates() {
    for text in [
        "About 80 traders gathered outside the town hall in Lusaka on Monday.",
        "About 80 traders gathered in front of the town hall in Lusaka on Monday.",
        "Some 40 nurses assembled at the gate of the referral hospital to demand unpaid \
         wages in Lusaka on Monday.",
    ] {
        assert_eq!(sub(text), "Peaceful protest", "{text}: {:?}", events(text));
    }
}

#[test]
fn who_reports_a_deed_after_it_is_no_side() {
    let text = "Gunmen set fire to a bus in Quetta on Monday night, police said.";
    let e = main_event(text);
    let actor2 = e
        .as_ref()
        .and_then(|e| e.actor2.as_ref())
        .map(|a| a.name.clone());
    assert!(
        !actor2.as_deref().is_some_and(|a| a.starts_with("Police")),
        "{e:?}"
    );
    // Before the deed, the same words are its doer.
    let text = "Police said they arrested four men in Quetta on Monday.";
    let actor1 = main_event(text).and_then(|e| e.actor1).map(|a| a.name);
    assert_eq!(actor1.as_deref(), Some("Police Forces of Pakistan"));
}

#[test]
fn a_deed_after_and_is_no_content_of_the_statement() {
    let text = "Teachers rejected the new pay scale and staged a sit-in outside the education \
                office in Lahore on Tuesday.";
    assert!(
        events(text)
            .iter()
            .any(|e| e.sub_event_type == "Peaceful protest"),
        "{:?}",
        events(text)
    );
    // Inside a relative clause the deed stays what the demand is about.
    let text = "Activists staged a sit-in in Lahore on Tuesday demanding the arrest of a landlord \
                who beat and robbed a tenant.";
    assert_eq!(sub(text), "Peaceful protest", "{:?}", events(text));
}

#[test]
fn a_person_named_again_keeps_the_country_of_the_titled_mention() {
    let text = "Kenyan President William Samoei Ruto arrived in Ethiopia on Monday.\n\n\
                In Addis Ababa, Ruto threatened to close the border with Somalia on Tuesday.";
    let threat = events(text)
        .into_iter()
        .find(|e| e.plover_type == "THREATEN");
    assert_eq!(
        threat.and_then(|e| e.actor1).map(|a| a.name).as_deref(),
        Some("Government of Kenya"),
        "{:?}",
        events(text)
    );
}

#[test]
fn fighting_a_legal_step_is_a_refusal_not_a_battle() {
    let text = "The suspect said in court in Duluth on Monday that he is fighting extradition \
                to Texas.";
    assert!(
        events(text).iter().all(|e| e.event_type != "Battles"),
        "{:?}",
        events(text)
    );
    assert_eq!(plover(text), "REJECT", "{:?}", events(text));
}

#[test]
fn a_page_widget_label_is_no_deed() {
    let text = "CLOSE Main Street bakery in Dover reopens after a storm on Monday.";
    assert!(
        events(text).iter().all(|e| e.event_type != "Protests"),
        "{:?}",
        events(text)
    );
    // An acronym inside a sentence is still a word of the report.
    let text = "An IED exploded near a police vehicle in Kandahar on Monday.";
    assert_eq!(
        sub(text),
        "Remote explosive/landmine/IED",
        "{:?}",
        events(text)
    );
}

#[test]
fn who_tells_of_a_deed_with_its_own_doer_is_no_side() {
    // "Police said" before a clause with its own doer: the police are the informant.
    let actor1 = |text: &str| main_event(text).and_then(|e| e.actor1).map(|a| a.inter);
    assert_eq!(
        actor1("Police said a man shot his neighbor in Millbrook on Friday."),
        Some(3)
    );
    assert_eq!(
        actor1("Police say two gunmen shot a clerk at a gas station on Sunday."),
        Some(3)
    );
    // The teller takes itself up again: it did the deed.
    assert_eq!(
        actor1("Police said they shot a man who fired at officers in Millbrook on Friday."),
        Some(1)
    );
    // Who seeks the doer of a deed told in a relative clause is no side either.
    assert_eq!(
        actor1("Police are looking for a gunman who shot two people at a park on Sunday."),
        Some(3)
    );
    assert_eq!(
        actor1("Police are searching for a man they say shot four people on Thursday."),
        Some(3)
    );
    // ... but the antecedent of "who" is the doer, and a report between commas leaves the
    // doer in place.
    assert_eq!(
        actor1("Soldiers who were on patrol shot two protesters in Kirkuk on Monday."),
        Some(1)
    );
    let e = main_event("Two gunmen, police said, shot a clerk at a gas station on Sunday.")
        .expect("event");
    assert_eq!(e.actor1.map(|a| a.text), Some("gunmen".to_string()));
    // The subject of another verb is no doer of a deed named by a noun; "a police
    // shooting" names its doer.
    assert_eq!(
        actor1("Police are investigating a shooting that left one man dead on Monday."),
        Some(3)
    );
    assert_eq!(
        actor1("A police shooting left one man dead in Millbrook on Monday."),
        Some(1)
    );
    // A passive deed told by a side stays a battle with the side's victims.
    let e =
        main_event("The Taliban said 11 soldiers were killed in an attack in Helmand on Monday.")
            .expect("event");
    assert_eq!(e.actor2.map(|a| a.inter), Some(1));
}

#[test]
fn law_enforcement_is_the_police() {
    let e = main_event("Law enforcement officers shot and wounded a man in Kirkuk on Friday.")
        .expect("event");
    assert_eq!(e.actor1.map(|a| a.inter), Some(1));
}

#[test]
fn the_sides_of_a_clash_are_named_after_between() {
    let inters = |text: &str| {
        let e = main_event(text).expect("an event");
        (
            e.actor1.map_or(0, |a| a.inter),
            e.actor2.map_or(0, |a| a.inter),
        )
    };
    // Victims of the crossfire do not replace the two sides.
    assert_eq!(
        inters("Two villagers were killed in a gun battle between the army and rebels near Kidal on Monday."),
        (2, 1)
    );
    // The side that is not a state force is actor 1, whichever is told first.
    assert_eq!(
        inters("A clash broke out between supporters of the ruling party and security personnel at the bus stand in Khulna on Sunday."),
        (5, 1)
    );
    assert_eq!(
        inters("Clashes erupted between police and youths in the old town of Srinagar on Friday."),
        (5, 1)
    );
}

#[test]
fn a_crowd_that_clashes_with_state_forces_riots() {
    let coded = |text: &str| {
        let e = main_event(text).expect("an event");
        (e.event_type, e.actor1.map_or(0, |a| a.inter))
    };
    assert_eq!(
        coded("Villagers clashed with the police over the land acquisition in Bhatta on Sunday."),
        ("Riots".to_string(), 5)
    );
    assert_eq!(
        coded("Police clashed with party cadres outside the district office in Birgunj on Monday."),
        ("Riots".to_string(), 5)
    );
    // An armed group named in the report makes it a battle.
    assert_eq!(
        coded("Police clashed with party cadres near Sukma on Monday. Maoist rebels had entered the village at night."),
        ("Battles".to_string(), 1)
    );
}

#[test]
fn may_the_month_does_not_make_a_deed_hypothetical() {
    let e = main_event("On 14 May police fired on demonstrators in Srinagar, killing three.")
        .expect("an event");
    assert_eq!(e.fatalities, 3);
    let e = main_event(
        "On May 6 traders staged a demonstration outside the municipal office in Malda.",
    )
    .expect("an event");
    assert_eq!(e.event_type, "Protests");
    // The modal verb still drops what did not happen.
    assert!(main_event("Traders may stage a demonstration in Malda.").is_none());
}

#[test]
fn more_ways_to_name_a_protest() {
    for text in [
        "Nurses went on a strike in Guwahati on Monday over unpaid wages.",
        "Hundreds of teachers gathered in Karnal against the new transfer policy.",
        "Union members picketed the telephone exchange in Madurai on Monday.",
        "Angry villagers squatted on the highway near Salem demanding compensation.",
        "Residents observed a fast outside the collectorate in Erode on Sunday.",
        "The hartal called by the traders entered its third day in Kohima on Friday.",
    ] {
        assert_eq!(
            main_event(text).map(|e| e.event_type),
            Some("Protests".to_string()),
            "{text}"
        );
    }
}

#[test]
fn casualties_of_an_arson_are_the_riots() {
    let main_type = |text: &str| main_event(text).map(|e| e.event_type);
    assert_eq!(
        main_type("Assailants torched a passenger bus in Savar on Monday. Seven people were injured in the arson attack."),
        Some("Riots".to_string())
    );
    assert_eq!(
        main_type("Hartal supporters vandalised an ambulance in Duhabi on Saturday. The driver sustained head injuries in the attack."),
        Some("Riots".to_string())
    );
    // Fire set to a person attacks that person.
    assert_eq!(
        main_type("Two masked men set a boy on fire in Lahore on Monday. The boy later died of his injuries."),
        Some("Violence against civilians".to_string())
    );
}

#[test]
fn a_protest_foiled_or_stopped_met_intervention() {
    for text in [
        "Opposition activists brought out a procession in Natore on Thursday, but police foiled the procession.",
        "Students staged a demonstration in Sylhet on Sunday. Police stopped the marchers near the court.",
    ] {
        let e = main_event(text).expect("an event");
        assert_eq!(e.sub_event_type, "Protest with intervention", "{text}");
        assert_eq!(e.actor2.map(|a| a.inter), Some(1), "{text}");
    }
}

#[test]
fn an_accused_victim_is_still_a_victim() {
    // The accusation describes the victim; it is no claim about the killing.
    for text in [
        "A man accused of stealing cattle was beaten to death by villagers near Taung on Sunday.",
        "A local militia executed a man accused of robbery in Tripoli on Tuesday.",
    ] {
        let e = main_event(text).expect("an event");
        assert_eq!(e.event_type, "Violence against civilians", "{text}");
        assert_eq!(e.fatalities, 1, "{text}");
    }
}

#[test]
fn a_bus_set_alight_is_arson() {
    let e = main_event("Rioters set alight a passenger bus at the market in Saptari on Tuesday.")
        .expect("an event");
    assert_eq!(e.event_type, "Riots");
}

#[test]
fn civilians_killed_in_a_battle_of_two_armed_sides_told_earlier() {
    let e = main_event(
        "Clashes broke out between soldiers and rebels near Wau on Friday. Shops in the market were looted. At least four policemen and 30 civilians were killed during the fighting.",
    )
    .expect("an event");
    assert_eq!(e.event_type, "Battles");
}

#[test]
fn combatants_killed_in_fighting_make_a_battle() {
    let e = main_event(
        "Heavy fighting erupted in Marka between two rival clan militias on Monday. At least five combatants were killed.",
    )
    .expect("an event");
    assert_eq!(e.event_type, "Battles");
}

#[test]
fn an_arrest_demanded_is_no_intervention() {
    let e = main_event(
        "Party activists brought out a procession in Chandpur on Tuesday protesting the murder. They demanded the immediate arrest of those involved.",
    )
    .expect("an event");
    assert_eq!(e.sub_event_type, "Peaceful protest");
    assert!(e.actor2.is_none());
}

#[test]
fn territory_re_captured_with_a_hyphen() {
    assert_eq!(
        sub("The army said it had re-captured two districts from militants in Benghazi on Sunday."),
        "Government regains territory"
    );
}

#[test]
fn territory_taken_after_the_other_side_vacated_it() {
    assert_eq!(
        sub("Army troops vacated the base near Baidoa on Monday. The base was re-captured by the militants on Tuesday."),
        "Non-violent transfer of territory"
    );
}
