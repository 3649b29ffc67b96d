"""Statements: attribution frames, speakers and kinds, on sentences written for these tests."""

from __future__ import annotations

import pytest

from kg.extract.frames import quote_spans
from kg.extract.statement import statements


@pytest.fixture(scope="module")
def nlp():
    from kg.nlp import load_pipeline

    return load_pipeline()


def _rows(nlp, text, published="2024-03-15"):
    doc = nlp(text)
    doc.user_data["published"] = published
    return [(r.subject.name, r.label, r.content.text) for r in statements(doc)]


def test_statement_quote_spans_pair_curly_and_straight_quotes():
    text = 'He said "one" and “two”.\nThen "three'
    assert [text[s:e] for s, e in quote_spans(text)] == ['"one"', "“two”"]


# (text, expected): expected relations as (speaker name, kind, words inside the statement text).
CASES = [
    ("The harbour will stay closed until Monday, port director Helga Brandt said on Friday.",
     [("Helga Brandt", "claim", "The harbour will stay closed until Monday")]),
    ("Finance Minister Tomas Wielgus told reporters that the budget gap had narrowed.",
     [("Tomas Wielgus", "claim", "the budget gap had narrowed")]),
    ("According to the coastguard, two fishing boats were missing after the storm.",
     [("coastguard", "claim", "two fishing boats were missing")]),
    ("Anna Kovac, the spokeswoman for the city council, declined to comment on the leaked report.",
     [("Anna Kovac", "declined", "declined to comment on the leaked report")]),
    ("Asked about the convoy, spokesman Piotr Lenz referred questions to the Interior Ministry.",
     [("Piotr Lenz", "declined", "referred questions to the Interior Ministry")]),
    ("The ministry did not respond to a request for comment.", []),
    ("Westland's government dismissed the allegations, saying its soldiers had never crossed the river.",
     [("Westland's government", "denial", "its soldiers had never crossed the river")]),
    ("Governor Ilse Marr said the new radar systems had arrived at the base on Tuesday.",
     [("Ilse Marr", "acknowledgement", "the new radar systems had arrived at the base")]),
    ("Mayor Karl Hoff said the city would hold its spring parade on May 1 as planned.",
     [("Karl Hoff", "claim", "the city would hold its spring parade on May 1")]),
    ("The agency said it would publish the figures. “We will publish everything,” it said.",
     [("agency", "claim", "it would publish the figures"), ("agency", "claim", "We will publish everything")]),
    ("“The bridge is safe,” said engineer-in-chief Marta Olsen. “Traffic resumes tomorrow.”",
     [("Marta Olsen", "claim", "Traffic resumes tomorrow")]),
    ("The Daily Courier reported that Peter Laine said the talks had failed.",
     [("Peter Laine", "claim", "the talks had failed")]),
    ("Nora Fisk, a spokeswoman for the railway, said trains were running again. She added that no one was hurt.",
     [("Nora Fisk", "claim", "trains were running again"), ("Nora Fisk", "claim", "no one was hurt")]),
    ("The trucks, she said, were parked near the depot.", []),
]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", CASES)
def test_statement_frames(nlp, text, expected):
    rows = _rows(nlp, text)
    assert len(rows) == len(expected), rows
    for (speaker, kind, words), (got_speaker, got_kind, got_text) in zip(expected, rows):
        assert speaker.casefold() in got_speaker.casefold()
        assert got_kind == kind
        assert words in got_text


@pytest.mark.model
def test_statement_date_is_resolved_against_publication(nlp):
    doc = nlp("Port director Helga Brandt said on Tuesday that the harbour was closed.")
    doc.user_data["published"] = "2024-03-15"  # a Friday
    (rel,) = list(statements(doc))
    assert rel.date == "2024-03-12"


@pytest.mark.model
def test_statement_spans_cut_document_text(nlp):
    text = "Kremlin aide Ivan Sorin said on Monday that “nothing has changed”. He declined to comment further."
    doc = nlp(text)
    for r in statements(doc):
        for span in (r.sentence, r.content, r.subject):
            assert text[span.start:span.end] == span.text


# Responses, referrals and sides: (text, expected) as above.
MORE_CASES = [
    # A bare rejection and the speaker's words in the next sentence: two denials.
    ("Dana Holt, spokeswoman for the Valdor navy, rejected the report. “The ship is in port,” she said.",
     [("Dana Holt", "denial", "rejected the report"), ("Dana Holt", "denial", "The ship is in port")]),
    # A bare refusal and the words that explain it: one refusal.
    ("Spokesman Ivan Sorin declined to comment. “That is for the navy to answer,” he said.",
     [("Ivan Sorin", "declined", "That is for the navy to answer")]),
    # A referral in the speaker's own words is a refusal to comment.
    ("“That is a question for the General Staff, not for me,” presidential aide Lev Orlov told reporters.",
     [("Lev Orlov", "declined", "a question for the General Staff")]),
    # Saying that someone blames one's own country is a denial.
    ("Northland Foreign Ministry spokeswoman Ida Brun said Valdor was trying to blame its own mistakes on Northland.",
     [("Ida Brun", "denial", "blame its own mistakes on Northland")]),
    # Another state's weapons moving is a claim, not an acknowledgement.
    ("U.S. Central Command said that Valdor's army moved mobile missile launchers to the coast.",
     [("U.S. Central Command", "claim", "moved mobile missile launchers")]),
    # A deployment denied through its subject.
    ("Officials in Rivania insisted on Sunday that no missiles had been moved to the border.",
     [("Officials in Rivania", "denial", "no missiles had been moved")]),
    # Own troops' action, reported by their commander.
    ("Colonel Pia Rand, a senior Eastmark commander, told state television that her troops had crossed the river.",
     [("Pia Rand", "acknowledgement", "her troops had crossed the river")]),
    # An anonymous official is nobody in particular; a spokesman for a named body is somebody.
    ("A Pentagon official, speaking on condition of anonymity, said the radar was damaged.", []),
    ("A spokesman for Valdor's mission to the United Nations dismissed the charge as “a tired invention”.",
     [("spokesman for Valdor's mission to the United Nations", "denial", "a tired invention")]),
]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", MORE_CASES)
def test_statement_responses_and_sides(nlp, text, expected):
    test_statement_frames(nlp, text, expected)


OTHER_FRAMES = [
    ("Army spokesman Tor Lind was quoted as saying that the unit had withdrawn.",
     [("Tor Lind", "claim", "the unit had withdrawn")]),
    ("“It is a lie,” Lind told the Ledger by phone on Thursday.", [("Lind", "denial", "It is a lie")]),
    ("Lind: “We have nothing to add.”", [("Lind", "declined", "We have nothing to add")]),
    ("A statement from the presidential office said the leaders had discussed air defence.",
     [("presidential office", "claim", "the leaders had discussed air defence")]),
    ("In a Telegram post, regional governor Anton Leskov wrote that debris had damaged a school.",
     [("Anton Leskov", "claim", "debris had damaged a school")]),
    ("Drones that Valdor says were built abroad hit the port.", [("Valdor", "claim", "were built abroad")]),
    ("The Daily Courier said the bridge had reopened.", []),
]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", OTHER_FRAMES)
def test_statement_other_frames(nlp, text, expected):
    test_statement_frames(nlp, text, expected)


RESPONSES = [
    ("Ukraine's military intelligence agency claimed responsibility for the strike.",
     [("military intelligence agency", "acknowledgement", "claimed responsibility for the strike")]),
    ("Officials would neither confirm nor deny that the battery had been moved.",
     [("Officials", "declined", "neither confirm nor deny")]),
    ("The ministry has neither confirmed nor explained the sightings.", []),
    ("Rivania has not commented on the reports.", []),
    ("According to a statement by the navy, the frigate Hekla was hit by two missiles.",
     [("navy", "claim", "the frigate Hekla was hit by two missiles")]),
]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", RESPONSES)
def test_statement_refusals_and_silences(nlp, text, expected):
    test_statement_frames(nlp, text, expected)


OWNERS_AND_DUTY = [
    ("Finland has moved two air defence batteries to the coast, its defence ministry confirmed on Wednesday.",
     [("Finland's defence ministry", "acknowledgement", "Finland has moved two air defence batteries")]),
    ("“The batteries are in place and on duty,” spokesman Erik Sand told a briefing.",
     [("Erik Sand", "acknowledgement", "The batteries are in place and on duty")]),
    ("Spokesman Erik Sand would not say how many launchers each battery has.",
     [("Erik Sand", "declined", "would not say how many launchers")]),
    ("Estonia's defence minister, Bo Kask, said his country had never sent a single drone across the border.",
     [("Bo Kask", "denial", "had never sent a single drone across the border")]),
    # A state's bare denial is voiced by its minister in the next sentence: one statement.
    ("Estonia denied any role. Its defence minister, Bo Kask, said his country had never sent drones there.",
     [("Bo Kask", "denial", "had never sent drones there")]),
]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", OWNERS_AND_DUTY)
def test_statement_owners_duty_and_withholding(nlp, text, expected):
    test_statement_frames(nlp, text, expected)


@pytest.mark.model
def test_statement_body_refusal_told_again_by_its_spokesman(nlp):
    text = ("The Kremlin refused to say whether the capital was preparing for strikes. "
            "Drones were seen over the city on Friday. "
            "Asked about the systems, Kremlin spokesman Ivan Sorin referred questions to the defence ministry.")
    rows = _rows(nlp, text)
    assert [(s, k) for s, k, _ in rows] == [("Ivan Sorin", "declined")]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    ("According to a ministry statement, Latvia will deploy more air defence units.",
     [("ministry", "claim", "Latvia will deploy more air defence units")]),
    ("“We have nothing to hide,” spokesman Valery Revenko wrote on Telegram.",
     [("Valery Revenko", "denial", "We have nothing to hide")]),
    ("Sources in the government told the paper that the drone came from the east.", []),
])
def test_statement_bodies_sources_and_nothing_to_hide(nlp, text, expected):
    test_statement_frames(nlp, text, expected)


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    ("Colonel Ivo Brask, a spokesman for the army, said the raid was carried out solely by local volunteers.",
     [("Ivo Brask", "denial", "carried out solely by local volunteers")]),
    ("The police said the fire was started by a faulty cable.", [("police", "claim", "started by a faulty cable")]),
])
def test_statement_only_by_others_is_a_denial(nlp, text, expected):
    test_statement_frames(nlp, text, expected)


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    ("The British defence ministry confirmed that two Typhoon jets had taken part in the strikes.",
     [("British defence ministry", "acknowledgement", "two Typhoon jets had taken part in the strikes")]),
    ("Iran said it played no role. Spokesman Nasser Kanaani declined to comment on the launchers.",
     [("Iran", "denial", "it played no role"), ("Nasser Kanaani", "declined", "declined to comment on the launchers")]),
])
def test_statement_participation_and_roles(nlp, text, expected):
    test_statement_frames(nlp, text, expected)


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    ("“The object flew far into our territory. Radar lost it,” General Jan Kurek, chief of the general staff, told a news conference.",
     [("Jan Kurek", "claim", "The object flew far into our territory")]),
    ("“We have no information about these fragments,” ministry spokesman Omid Rahimi told reporters, rejecting the claims.",
     [("Omid Rahimi", "denial", "We have no information about these fragments")]),
    ("The drills began days after what Warsaw described as a cruise missile entered its airspace.",
     [("Warsaw", "claim", "a cruise missile entered its airspace")]),
    ("A senior naval commander on Wednesday confirmed that a new air defence battalion had been stationed near the port.",
     [("senior naval commander", "acknowledgement", "a new air defence battalion had been stationed")]),
])
def test_statement_quote_first_participles_and_free_relatives(nlp, text, expected):
    test_statement_frames(nlp, text, expected)


@pytest.mark.model
@pytest.mark.parametrize("text, date", [
    ("In a statement on Tuesday, the ministry said the drills had ended.", "2024-03-12"),
    ("Speaking at a briefing on Thursday, spokesman Ivo Lund said the drills had ended.", "2024-03-14"),
    ("The ministry said the drills, which began on Monday, had ended.", None),
])
def test_statement_date_of_the_report_not_of_the_event(nlp, text, date):
    doc = nlp(text)
    doc.user_data["published"] = "2024-03-15"
    (rel,) = list(statements(doc))
    assert rel.date == date


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    ("The commander of the Gotland Regiment, Colonel Mattias Ardin, told public broadcaster SVT that extra troops had been sent.",
     [("Mattias Ardin", "claim", "extra troops had been sent")]),
    ("Colonel Ardin declined to say how many soldiers were involved. “We are taking this seriously,” Ardin said.",
     [("Ardin", "declined", "declined to say how many soldiers"), ("Ardin", "claim", "We are taking this seriously")]),
    ("President Alexander Stubb said he was in contact with Stockholm. Finland had not changed its readiness, his office said.",
     [("Alexander Stubb", "claim", "he was in contact with Stockholm"),
      ("Alexander Stubb's office", "claim", "Finland had not changed its readiness")]),
])
def test_statement_misparsed_complements_and_offices(nlp, text, expected):
    test_statement_frames(nlp, text, expected)


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    ("‘There was no Patriot there,’ spokeswoman Nadia Hume said. ‘This is a story for television.’",
     [("Nadia Hume", "denial", "This is a story for television")]),
    ("Mayor Ola Berg said ‘we don’t know yet’ and left.", [("Ola Berg", "claim", "we don’t know yet")]),
])
def test_statement_single_curly_quotes(nlp, text, expected):
    test_statement_frames(nlp, text, expected)


def test_statement_quote_spans_single_curly_quotes_skip_apostrophes():
    text = "‘It is Kyiv’s fault,’ she said. Russia’s forces’ losses"
    assert [text[s:e] for s, e in quote_spans(text)] == ["‘It is Kyiv’s fault,’"]


@pytest.mark.model
def test_statement_title_lines_yield_nothing_but_long_unpunctuated_lines_do(nlp):
    text = ("Minister says the harbour will reopen\n\n"
            "Port director Helga Brandt said on Friday that the harbour would reopen next week after the storm damage "
            "to the northern breakwater had been repaired by the navy engineers who arrived from the capital")
    rows = _rows(nlp, text)
    assert [(s, k) for s, k, _ in rows] == [("Helga Brandt", "claim")]


# Replies, refusals and sides in other words (sentences written for these tests).
REPLIES_AND_SIDES = [
    # Declined in other words.
    ("Asked about the airfield, Estonia's Interior Ministry had no comment.",
     [("Estonia's Interior Ministry", "declined", "had no comment")]),
    ("Questions about the convoy should be directed to the General Staff, the Kremlin spokesman told reporters.",
     [("Kremlin spokesman", "declined", "should be directed to the General Staff")]),
    ("Lithuania's navy would not discuss the matter. “That is a question for the Latvian side,” a navy spokesman said.",
     # The refusal and the spokesman's referral after it are one statement of the navy.
     [("Lithuania's navy", "declined", "a question for the Latvian side")]),
    # Denials by what they answer.
    ("Warsaw accused Minsk of sending balloons across the border. Viktor Khrenin insisted his country had done nothing wrong.",
     [("Viktor Khrenin", "denial", "had done nothing wrong")]),
    ("Oslo protested that a Russian patrol plane had crossed into its airspace. Russia's embassy in Oslo said the crew had stuck to international regulations.",
     [("Russia's embassy in Oslo", "denial", "stuck to international regulations")]),
    ("Riga blamed Moscow for the outage. “There is no truth in that story,” an embassy statement said.",
     [("embassy", "denial", "There is no truth in that story")]),
    ("The coastguard's press office brushed the accusation aside, calling it “another fit of hysteria”.",
     [("coastguard's press office", "denial", "brushed the accusation aside")]),
    # Acknowledgement by sides.
    ("Sweden's defence minister Pål Jonson said Swedish Patriot batteries had been moved to Gotland in May.",
     [("Pål Jonson", "acknowledgement", "Swedish Patriot batteries had been moved to Gotland")]),
    ("Estonia's intelligence chief, Colonel Mart Rebane, said a battalion of Iskander launchers had been moved to Luga.",
     [("Mart Rebane", "claim", "Iskander launchers had been moved to Luga")]),
    ("“Our launchers will remain on the coast as long as the threat lasts,” General Ole Vik said.",
     [("Ole Vik", "acknowledgement", "Our launchers will remain on the coast")]),
    ("Rescue chief Ana Lorenz said ten drones had been sent against the town overnight.",
     [("Ana Lorenz", "claim", "ten drones had been sent against the town")]),
    # Misparses around "asked", a date before "that", a capability.
    ("Defence spokesman Jan Holt, asked about the frigate, says questions about ship movements should go to the navy.",
     [("Jan Holt", "declined", "questions about ship movements")]),
    ("Latvia's Joint Staff, asked whether its own radars had moved, declined to discuss the matter.",
     [("Latvia's Joint Staff", "declined", "declined to discuss the matter")]),
    ("The head of Latvia's air force, General Ivars Ozols, announced that spring that the batteries had been sent to Daugavpils.",
     [("Ivars Ozols", "acknowledgement", "the batteries had been sent to Daugavpils")]),
    ("“The howitzer can reach every bridge on the river,” Latvia's army spokesman Ivars Kalnins said.",
     [("Ivars Kalnins", "claim", "can reach every bridge")]),
    ("Nordland Air Command said a fighter wing had been moved to Bodo. The command declined to discuss the numbers.",
     [("Nordland Air Command", "claim", "had been moved to Bodo"), ("Nordland Air Command", "declined", "declined to discuss")]),
    # Speakers: a name set off after "according to X's chief", makers are no speakers.
    ("According to Estonia's navy chief, Commodore Juri Saska, the minesweepers are back in port.",
     [("Juri Saska", "claim", "the minesweepers are back in port")]),
    ("Its manufacturer said the radar could see two hundred kilometres.", []),
    # A weapon of the speaker's side in action; the accused side naming the accuser's weapon.
    ("The commander of Estonia's air force, Colonel Rene Toomse, said a NASAMS battery had destroyed a Russian drone over Narva.",
     [("Rene Toomse", "acknowledgement", "had destroyed a Russian drone")]),
    ("Vilnius blamed Minsk for the blast at the depot. Belarus's border committee said a Lithuanian rocket had crashed into the depot.",
     [("Belarus's border committee", "denial", "a Lithuanian rocket had crashed into the depot")]),
    ("Warsaw accused Belarus of pushing migrants over the fence. Minsk's foreign ministry called the claim nonsense.",
     [("Minsk's foreign ministry", "denial", "called the claim nonsense")]),
    ("Riga said Russian jets had entered Latvian airspace. The Russian air force said its planes had flown in strict accordance with international rules.",
     [("Riga", "claim", "Russian jets had entered"), ("Russian air force", "denial", "in strict accordance with international rules")]),
    ("The governor's office said it had no comment on the reports.",
     [("governor's office", "declined", "had no comment")]),
    ("A spokesman for the Danish navy said they do not discuss the movements of ships.",
     [("spokesman for the Danish navy", "declined", "do not discuss the movements")]),
    ("The Danish army would not be drawn on where the howitzers were.",
     [("Danish army", "declined", "would not be drawn on")]),
    ("The coastguard said any questions should go to the Interior Ministry.",
     [("coastguard", "declined", "should go to the Interior Ministry")]),
    ("The Buk-M3 battalion said it had finished its drills.", []),
    ("The Pacific Fleet's press service said the Bal launchers had been moved to Iturup.",
     [("Pacific Fleet's press service", "acknowledgement", "had been moved to Iturup")]),
    ("The Pacific Fleet's press service said Japanese launchers had been moved to Hokkaido.",
     [("Pacific Fleet's press service", "claim", "Japanese launchers had been moved to Hokkaido")]),
    ("“We can bring the radars to the coast in a day and keep them there,” Colonel Aivars Zaks, commander of Latvia's air defence battalion, said.",
     [("Aivars Zaks", "acknowledgement", "We can bring the radars to the coast")]),
    ("Colonel Ivo Kalns said the border was quiet. In his view, the patrols are enough.",
     [("Ivo Kalns", "claim", "the border was quiet"), ("Ivo Kalns", "claim", "the patrols are enough")]),
    ("Two frigates left the harbour on Monday, Latvia's navy said, warning that more would follow within days.",
     [("Latvia's navy", "claim", "Two frigates left the harbour"), ("Latvia's navy", "claim", "more would follow within days")]),
    # Other attribution frames.
    ("Latvia's border guard says its checks are working. In the words of its chief, Colonel Ivo Kalns, “the checks catch nine in ten crossings”.",
     [("Latvia's border guard", "claim", "its checks are working"), ("Ivo Kalns", "claim", "the checks catch nine in ten crossings")]),
]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", REPLIES_AND_SIDES)
def test_statement_replies_refusals_and_sides(nlp, text, expected):
    test_statement_frames(nlp, text, expected)


# The deployment extractor finds the deployment inside the words; whose weapon it is
# decides between an acknowledgement and a claim.
OWN_DEPLOYMENTS = [
    ("Sweden's armed forces said RBS 15 coastal missile launchers had been posted at Slite harbour.",
     [("Sweden's armed forces", "acknowledgement", "had been posted at Slite harbour")]),
    ("The Northern Fleet's press service said Bastion launchers drove onto the coast near Severomorsk for drills.",
     [("Northern Fleet's press service", "acknowledgement", "drove onto the coast near Severomorsk")]),
    ("Moldova's army said British-supplied Starstreak teams had been posted at Balti airfield last week.",
     [("Moldova's army", "acknowledgement", "Starstreak teams had been posted at Balti airfield")]),
    # Another side's weapon, by its nationality word; "North Korean" is not "South Korea".
    ("Taiwan's defence ministry said a Chinese HQ-9 battery moved onto the shoreline near Xiamen.",
     [("Taiwan's defence ministry", "claim", "a Chinese HQ-9 battery moved onto the shoreline")]),
    ("South Korea's Joint Chiefs of Staff said a column of North Korean KN-25 launchers rolled into a firing position near Kaesong.",
     [("South Korea's Joint Chiefs of Staff", "claim", "KN-25 launchers rolled into a firing position")]),
    # No side on the weapon, but the words name another state: not the speaker's own.
    ("Georgia's security service said a Pantsir-S1 battery was placed on the ridge above Gudauta, next to the Russian base.",
     [("Georgia's security service", "claim", "a Pantsir-S1 battery was placed on the ridge above Gudauta")]),
    # A body's side from its name when the model tags it an organisation.
    ("The Norwegian Armed Forces confirmed that a NASAMS battery is now covering Bodo air station.",
     [("Norwegian Armed Forces", "acknowledgement", "a NASAMS battery is now covering Bodo air station")]),
    # A speaker of unknown side acknowledges by confirming or announcing.
    ("The general staff announced that Ihtar anti-drone systems had been installed on the perimeter of Gao airport.",
     [("general staff", "acknowledgement", "Ihtar anti-drone systems had been installed on the perimeter of Gao airport")]),
    ("The general staff announced that the Malian army had stationed Bayraktar TB2 drones at Gao airport.",
     [("general staff", "acknowledgement", "the Malian army had stationed Bayraktar TB2 drones at Gao airport")]),
    # A sighting is an observer's report, whoever makes it.
    ("Estonia's border guard said Tor-M2 launchers had been spotted near Narva.",
     [("Estonia's border guard", "claim", "Tor-M2 launchers had been spotted near Narva")]),
]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", OWN_DEPLOYMENTS)
def test_statement_acknowledges_own_sides_deployment(nlp, text, expected):
    test_statement_frames(nlp, text, expected)


REFUSALS_TO_GO_INTO = [
    ('"I\'m not going to get into intelligence matters," the fleet spokeswoman Jane Doyle said.',
     [("Jane Doyle", "declined", "I'm not going to get into intelligence matters")]),
    ('"We won\'t go into where our Patriot systems are," said Jane Doyle, a fleet spokeswoman.',
     [("Jane Doyle", "declined", "go into where our Patriot systems are")]),
    ("Colonel Pekka Virta said the positions of the air-defence units are not public information.",
     [("Pekka Virta", "declined", "are not public information")]),
    ("The air force said the locations of its batteries were classified.",
     [("air force", "declined", "the locations of its batteries were classified")]),
    # Not a refusal: someone else's reticence, reported.
    ("Colonel Pekka Virta said the ministry would go into the details next week.",
     [("Pekka Virta", "claim", "the ministry would go into the details next week")]),
]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", REFUSALS_TO_GO_INTO)
def test_statement_refusals_to_go_into_a_subject(nlp, text, expected):
    test_statement_frames(nlp, text, expected)


TRANSCRIPT = """Briefing transcript

The briefer was Rear Admiral Karin Holm of the coastal command. Our correspondent Ola Berg was there.

MODERATOR: Welcome. The admiral will take questions.

HOLM: Two RBS 15 batteries were moved to the harbour at Karlskrona on Monday. The crews are on duty.

Q: Are more coming?

HOLM: I'm not going to get into future deployments.

BERG: The admiral told me later that the moves had been planned for months.
"""


@pytest.mark.model
def test_statement_transcript_turns_are_the_speakers_statements(nlp):
    rows = _rows(nlp, TRANSCRIPT)
    holm = [(kind, text) for speaker, kind, text in rows if speaker.endswith("Holm")]
    assert ("declined", "I'm not going to get into future deployments.") in holm
    assert any(text.startswith("Two RBS 15 batteries were moved") for _, text in holm)
    assert not any(text.startswith(("Welcome", "Are more")) for _, text in holm)
    # The moderator, the questions and the correspondent's narration are nobody's statements.
    assert not any(speaker.casefold() in ("moderator", "q") or speaker.endswith("Berg") for speaker, _, _ in rows)


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    ("A staff member at the governor's office in Gao referred our questions to the Ministry of Defence.",
     [("staff member at the governor's office in Gao", "declined", "referred our questions to the Ministry of Defence")]),
    ("A representative from the Lithuanian border guard said the crossing would stay closed.",
     [("representative from the Lithuanian border guard", "claim", "the crossing would stay closed")]),
])
def test_statement_unnamed_staff_keep_their_body(nlp, text, expected):
    test_statement_frames(nlp, text, expected)


@pytest.mark.model
def test_statement_relayed_words_belong_to_the_inner_speaker(nlp):
    """"X reported that Y said …": Y is the speaker even when X is no known news outlet."""
    text = ("The Fars agency reported that Brigadier General Ali Rezaei, a deputy commander, said that "
            "the radar would be repaired within a week.")
    rows = _rows(nlp, text)
    assert [(speaker, kind) for speaker, kind, _ in rows] == [("Ali Rezaei", "claim")]
    assert rows[0][2].startswith("the radar would be repaired")


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    ("A navy spokeswoman said she could not discuss ship movements.",
     [("navy spokeswoman", "declined", "she could not discuss ship movements")]),
    ("Asked about the radar, the spokesman said he would not go into it.",
     [("spokesman", "declined", "he would not go into it")]),
    # A past fact about what someone discussed is no refusal.
    ("The spokeswoman said she did not discuss the radar with the mayor.",
     [("spokeswoman", "claim", "she did not discuss the radar with the mayor")]),
])
def test_statement_reported_refusals_of_a_person(nlp, text, expected):
    test_statement_frames(nlp, text, expected)


@pytest.mark.model
def test_statement_watchers_claim_and_never_acknowledge(nlp):
    """A monitor reporting a side's deployment makes a claim, however it is phrased."""
    rows = _rows(nlp, "Government forces have brought Shahed-136 drones to Tiyas air base, the Syrian Observatory monitor said.")
    assert [(kind, speaker) for speaker, kind, _ in rows] == [("claim", "Syrian Observatory monitor")]
