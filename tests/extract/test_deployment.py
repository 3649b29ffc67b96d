"""Deployments: verb classes, nominals, anaphora, places and negatives, on sentences written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract.deployment import deployments

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():
    from kg.nlp import load_pipeline

    return load_pipeline()


def _rows(nlp, text, published="2024-03-15"):
    doc = nlp(text)
    doc.user_data["published"] = published
    return [(r.subject.name, r.object.name) for r in deployments(doc)]


# (text, expected): relations as (system name, place name), in text order.
CASES = {
    "active-station": (
        "Russia has stationed S-300 batteries near the port of Tartus.",
        [("S-300", "port of Tartus")],
    ),
    "passive-spotted": (
        "Two Buk-M3 launchers were spotted outside Melitopol on Sunday.",
        [("Buk-M3", "Melitopol")],
    ),
    "relative-clause": (
        "A Tor-M2 system that was installed on the roof of the Lakhta Tower drew crowds of onlookers.",
        [("Tor-M2", "Lakhta Tower")],
    ),
    "image-verb": (
        "Satellite images captured Su-34 jets at the Morozovsk air base.",
        [("Su-34", "Morozovsk air base")],
    ),
    "nominal-deployment": (
        "The deployment of S-400 launchers in Kuzminki park worried local residents.",
        [("S-400", "Kuzminki park")],
    ),
    "nominal-appearance-plural": (
        "Residents noticed the appearance of Pantsirs on the roof of the Tatneft building in Kazan.",
        [("Pantsir-S1", "Tatneft building")],
    ),
    "delivery-to-country": (
        "Germany delivered an IRIS-T SLM battery to Ukraine in October.",
        [("IRIS-T SLM", "Ukraine")],
    ),
    "arrival": (
        "The first NASAMS units arrived in Kyiv last month, officials said.",
        [("NASAMS", "Kyiv")],
    ),
    "combat-duty": (
        "Minsk said the Iskander-M complex had been put on combat duty in Belarus.",
        [("Iskander-M", "Belarus")],
    ),
    "anaphor-one-of-them": (
        "Drivers filmed two Pantsir-S1 systems on a truck. One of them was later placed on the roof of the Foreign Ministry.",
        [("Pantsir-S1", "Foreign Ministry")],
    ),
    "anaphor-definite": (
        "Norway sent a NASAMS battery last spring. The battery was positioned near Rzeszow airport.",
        [("NASAMS", "Rzeszow airport")],
    ),
    "coordinated-systems": (
        "S-300 and Buk-M2 systems were moved to Kherson.",
        [("S-300", "Kherson"), ("Buk-M2", "Kherson")],
    ),
    "coordinated-places": (
        "Patriot batteries were deployed at Rzeszow and Lublin.",
        [("Patriot", "Rzeszow"), ("Patriot", "Lublin")],
    ),
    "distance-phrase": (
        "A Buk launcher was photographed about 5 km from the governor's residence in Belgorod.",
        [("Buk", "about 5 km from Belgorod")],
    ),
    "street-over-building": (
        "A Pantsir was hoisted onto an office building on Myasnitskaya Street overnight.",
        [("Pantsir-S1", "Myasnitskaya Street")],
    ),
    "caption": (
        "A HIMARS launcher at Ramstein in March 2023.",
        [("HIMARS", "Ramstein")],
    ),
    "home-base": (
        "Olenya, a town on the Kola peninsula, is the home base of Russia's Tu-22M3 bombers.",
        [("Tu-22M3", "Olenya")],
    ),
    "unknown-designation": (
        "Two Vityaz-M4 launchers were seen at the Kubinka airfield.",
        [("Vityaz-M4", "Kubinka airfield")],
    ),
    "named-by-class": (
        "Italy moved its Skyward air defence system to Constanta.",
        [("Skyward", "Constanta")],
    ),
    "phrasal-turn-up": (
        "A Buk-M2 launcher turned up last week at the Baltiysk naval base.",
        [("Buk-M2", "Baltiysk naval base")],
    ),
    "part-noun-road-to": (
        "An S-300 battery was observed on Monday beside the access road to Kirkenes.",
        [("S-300", "Kirkenes")],
    ),
    "nominal-arrival-anaphor": (
        "The Pantsir system was brought in during Thursday night. The arrival of the system at the port of Ust-Luga was not announced.",
        [("Pantsir-S1", "port of Ust-Luga")],
    ),
    "into-service-around": (
        "Officials admitted that the IRIS-T system was brought into service around Dnipro in the summer of 2023.",
        [("IRIS-T SLM", "Dnipro")],
    ),
    "defend-verb": ("Pantsir-S1 systems now guard the Kremlin.", [("Pantsir-S1", "Kremlin")]),
    "image-participle": (
        "Satellite imagery shows four Su-57 fighters parked at the Akhtubinsk airfield.",
        [("Su-57", "Akhtubinsk airfield")],
    ),
    "existential": (
        "There were also S-400 batteries at the Hmeimim base, the report said.",
        [("S-400", "Hmeimim base")],
    ),
    "relocated-from-to": (
        "According to local media, the S-300 complex had been relocated from Kursk to Belgorod.",
        [("S-300", "Belgorod")],
    ),
    "deployed-to": ("The Iskander-M was first deployed to Kaliningrad in 2016.", [("Iskander-M", "Kaliningrad")]),
    "landmark-sibling": (
        "A Tor-M2 was parked in the square beside the central railway station in May.",
        [("Tor-M2", "square beside central railway station")],
    ),
    "future-after-arrival": (
        "The ministry announced the arrival of a NASAMS battery, which it said would be stationed at the Tapa base.",
        [("NASAMS", "Tapa base")],
    ),
    "called-name": (
        "Britain sent an air-defence system called Sky Warden to Rzeszow in May.",
        [("Sky Warden", "Rzeszow")],
    ),
    "entered-service": (
        "Estonia: a second IRIS-T SLM fire unit entered service near Tallinn on Thursday, officials said.",
        [("IRIS-T SLM", "Tallinn")],
    ),
    "report-object-place": (
        "Residents report Pantsir vehicles on the embankment in front of the regional court in Tula.",
        [("Pantsir-S1", "embankment in front of regional court in Tula")],
    ),
    "digest-heading-letter-suffix": (
        "Kaliningrad: new Bastion-P launchers dug in on the Baltic Spit, satellite images suggest.",
        [("Bastion-P", "Baltic Spit")],
    ),
    "described-spot": (
        "Port workers said a Pantsir was positioned on the western pier overnight.",
        [("Pantsir-S1", "western pier")],
    ),
    "described-spot-yields-to-named": (
        "A Pantsir was photographed near Valday on Monday. Pictures show the launcher parked on the old forest road.",
        [("Pantsir-S1", "Valday")],
    ),
    "next-to-landmark": (
        "One Tor-M2 stands on a concrete platform next to the Rublyovo water plant.",
        [("Tor-M2", "concrete platform next to Rublyovo water plant")],
    ),
    "month-not-place": ("In March, S-400 launchers were seen in Gomel.", [("S-400", "Gomel")]),
    "receive": ("Moldova has received a second Patriot battery from Germany.", [("Patriot", "Moldova")]),
    "unloaded-at": (
        "Witnesses saw two Pantsir-S1 launchers being unloaded at the railway station in Dzhankoi.",
        [("Pantsir-S1", "Dzhankoi")],
    ),
    "quoted-deployment": ('"We have deployed S-400 systems in Belarus," the minister said.', [("S-400", "Belarus")]),
    "received-praise": ("Moldova has received praise for its S-400 purchase plan.", []),
    "missile-is-munition": ("Investigators said the S-300 missile in Przewodow was Ukrainian.", []),
    "fragment": ("A fragment of a Kh-101 was found in a field near Zhytomyr.", []),
    "numbered-base-in-town": (
        "Russia moved three Tor-M2 launchers to its 58th army base in Vladikavkaz in March.",
        [("Tor-M2", "58th army base in Vladikavkaz")],
    ),
    "dative-to": (
        "The Hawk batteries that Spain sent to Ukraine are now defending Odesa.",
        [("MIM-23 Hawk", "Ukraine"), ("MIM-23 Hawk", "Odesa")],
    ),
    "outside-is-container": ("A Tor system was spotted at Patriot Park outside Moscow.", [("Tor", "Patriot Park")]),
    "ambiguous-without-context": ("A hawk was seen near the Kremlin. The Patriot Act was debated in Washington.", []),
    "coordinated-prepositions": (
        "Iskander-M launchers have been stationed in Belarus since 2023 and in Kaliningrad since 2018.",
        [("Iskander-M", "Belarus"), ("Iskander-M", "Kaliningrad")],
    ),
    "three-places": (
        "Russia has deployed S-300s in Kherson, Zaporizhzhia and Melitopol.",
        [("S-300", "Kherson"), ("S-300", "Zaporizhzhia"), ("S-300", "Melitopol")],
    ),
    "quoted-name-island-of": (
        'The "Bastion" coastal missile complex was deployed to the Kuril island of Paramushir.',
        [("Bastion", "Paramushir")],
    ),
    "battalion-of": ("Russia put a new battalion of S-400s on combat duty in the Arctic.", [("S-400", "Arctic")]),
    "nominal-to": ("The deployment of Patriot batteries to Slovakia was completed in April.", [("Patriot", "Slovakia")]),
    "host": ("Kaliningrad hosts two Iskander-M brigades.", [("Iskander-M", "Kaliningrad")]),
    "home-to": ("Engels is home to most of Russia's Tu-160 bombers.", [("Tu-160", "Engels")]),
    "house": ("The hangar at Morozovsk houses six Su-34 jets.", [("Su-34", "Morozovsk")]),
    "nominal-in-place": ("Ukraine's Patriot batteries in Kyiv are running low on interceptors.", [("Patriot", "Kyiv")]),
    "demand-for": ("Demand for Patriot systems in Europe has surged.", []),
    "production-of": ("Production of Pantsir-S1 systems in Tula has doubled.", []),
    "price-of": ("The price of an S-400 battery in India was high.", []),
    "column-of": ("A column of Tor-M2 vehicles rolled into Melitopol on Friday.", [("Tor-M2", "Melitopol")]),
    "operating-from": ("Spain's Hawk launchers are operating from a base near Odesa.", [("MIM-23 Hawk", "base near Odesa")]),
    "emplaced-ridge": ("Engineers emplaced two S-300 launchers on a ridge above Sevastopol.", [("S-300", "ridge above Sevastopol")]),
    # Systems known only by the shape of their noun phrase.
    "shape-set-up": (
        "The army command confirmed that a Polonez rocket launcher has been set up outside Grodno.",
        [("Polonez", "Grodno")],
    ),
    "shape-nationality": ("A Belarusian Polonez launcher took up positions near Brest.", [("Polonez", "Brest")]),
    "shape-designation": ("A GM200 radar has taken up duty near Narva.", [("GM200", "Narva")]),
    "shape-class-words": ("A Harpoon coastal defence battery was parked beside the harbour at Liepaja.", [("Harpoon", "Liepaja")]),
    "shape-brought-down": ("Two Krab howitzers had been brought down to the coast at Ustka.", [("Krab", "Ustka")]),
    "shape-watch-over": ("FK-3 air defence batteries are now standing watch over Belgrade.", [("FK-3", "Belgrade")]),
    "shape-exclave": ("The Rubezh coastal missile complex is stationed in the Kaliningrad exclave.", [("Rubezh", "Kaliningrad exclave")]),
    "shape-dug-in": ("Polonez launchers dug in near Grodno last week.", [("Polonez", "Grodno")]),
    "shape-based-at": ("A Krab howitzer is based at Orzysz.", [("Krab", "Orzysz")]),
    "ship-appos": ("The aircraft carrier Liaoning was seen off the coast of Taiwan.", [("Liaoning", "Taiwan")]),
    "ship-name": ("The frigate Admiral Grigorovich is based at Sevastopol.", [("Admiral Grigorovich", "Sevastopol")]),
    "ship-object": ("The fleet moved the frigate Admiral Essen to Novorossiysk.", [("Admiral Essen", "Novorossiysk")]),
    # Placement frames: possession with a place, duty phrases, distances with a direction.
    "kept-since": ("Russia has kept Iskander missiles in Kaliningrad permanently since 2018.", [("Iskander-M", "Kaliningrad")]),
    "had-since": ("Moscow has had S-400 batteries in Transnistria since 2016.", [("S-400", "Transnistria")]),
    "positions-regiment": ("Officials said an S-300 regiment had taken up positions near Pskov in March.", [("S-300", "Pskov")]),
    "duty-division": (
        "The press office announced that a Rubezh coastal missile division was put on combat duty on Iturup island.",
        [("Rubezh", "Iturup island")],
    ),
    "direction-distance": (
        "A Bastion launcher was spotted about 150 km south of Murmansk.",
        [("Bastion", "about 150 km south of Murmansk")],
    ),
    "guard-facility": ("A Tor-M2 battery guarded the naval facility at Tartus.", [("Tor-M2", "Tartus")]),
    "sent-back": ("The command confirmed that a THAAD battery had been sent back to Guam in June.", [("THAAD", "Guam")]),
    "region-named-norp": ("The minister confirmed that Bayraktar TB2 aircraft had been sent to the Kidal region.", [("Bayraktar TB2", "Kidal region")]),
    # Negatives: capability, plans, modality, negation, doubt, parades, sales, strikes, vague places.
    "shape-sale": ("Norway has sold Harpoon coastal defence batteries to Estonia.", []),
    "shape-capability": ("The Polonez launcher can hit targets 300 km away.", []),
    "shape-bought": ("Poland bought Krab howitzers from the United States.", []),
    "shape-fired-at": ("Krab howitzers fired at Russian positions near Bakhmut.", []),
    "shape-exhibition": ("The Polonez rocket launcher was unveiled at the MSPO exhibition in Kielce.", []),
    "shape-place-name": ("A Moscow air defence system shot down a drone over Moscow.", []),
    "flew-along": ("Two Tu-95 bombers flew south along the coast of Hokkaido.", []),
    "flown-to": ("Two Su-35 fighters were flown to Baranovichi on Monday.", [("Su-35", "Baranovichi")]),
    "munition-launchers": ("Kyiv shipped Neptune launchers to Odesa.", [("Neptune", "Odesa")]),
    "shape-gpe-tagged": ("Russian troops have set up Zoopark radars near Tokmak.", [("Zoopark", "Tokmak")]),
    "on-station-off": ("The frigate Admiral Makarov is on station off Novorossiysk.", [("Admiral Makarov", "Novorossiysk")]),
    "operating-product-tagged": ("A Buk-M2 has been operating near Vuhledar since March.", [("Buk-M2", "Vuhledar")]),
    "hilltop-overlooking": ("A Tor-M2 was set up on a hilltop overlooking Sevastopol.", [("Tor-M2", "hilltop overlooking Sevastopol")]),
    "shape-bare-later": (
        "A Polonez rocket launcher was delivered to Grodno. The Polonez is now at the Brest garrison.",
        [("Polonez", "Grodno"), ("Polonez", "Brest garrison")],
    ),
    "approved-sending": ("President Biden approved sending Abrams tanks to Ukraine.", []),
    "bullet-aside": ("• Pantsir spotted on the roof of the Lakhta Tower (video)", [("Pantsir-S1", "Lakhta Tower")]),
    "equipped-with": ("Finnish intelligence says the regiment, equipped with S-400s, has moved to Vyborg.", [("S-400", "Vyborg")]),
    "class-beside-named": (
        "The S-400 is in Crimea. Coastal missile batteries were moved to Baltiysk last week.",
        [("S-400", "Crimea"), ("Coastal missile batteries", "Baltiysk")],
    ),
    "air-defence-class-beside-named": ("The S-400 is in Crimea. Air defence systems were placed around Moscow.", [("S-400", "Crimea")]),
    "class-of-named": (
        "The Bal coastal missile system is in Crimea. Coastal missile batteries were moved to Kherson last week.",
        [("Bal", "Crimea"), ("Bal", "Kherson")],
    ),
    "shape-hyphen-suffix": ("Polish Homar-A launchers took up firing positions near Suwalki.", [("Homar-A", "Suwalki")]),
    "border-near": ("A Polonez battery has been brought up to the Polish border near Brest.", [("Polonez", "Polish border near Brest")]),
    "sailed-direction": ("The aircraft carrier Shandong sailed to waters east of Taiwan.", [("Shandong", "east of Taiwan")]),
    "area-direction": ("The frigate Admiral Essen was seen in the area south of Crete.", [("Admiral Essen", "area south of Crete")]),
    "group-fighters": ("Hamas fighters were seen near Gaza City.", []),
    "group-drones": ("Houthi drones were spotted near Hodeidah.", []),
    "can-be-seen-images-of": (
        "Two Pantsir-S1 systems can be seen in satellite images of the Valday residence.",
        [("Pantsir-S1", "Valday residence")],
    ),
    "visible-photos-taken-at": ("A Tor-M2 launcher is visible in photos taken at the Kherson airport.", [("Tor-M2", "Kherson airport")]),
    "appears-video-filmed-near": ("A Buk-M3 appears in a video filmed near Tokmak.", [("Buk-M3", "Tokmak")]),
    "lined-up": ("Three HIMARS launchers lined up at the Rzeszow airport on Friday.", [("HIMARS", "Rzeszow airport")]),
    "can-hit-still-capability": ("The S-400 can be moved to Crimea within a day.", []),
    "warship-name": ("The warship Admiral Kuznetsov was seen off Malta.", [("Admiral Kuznetsov", "Malta")]),
    "cargo-ship": ("The cargo ship Galaxy Leader was seen off Hodeidah.", []),
    "moved-closer-to": ("Buk launchers moved closer to Kharkiv on Sunday.", [("Buk", "Kharkiv")]),
    "unit-arrives-inside-destination": (
        "The navy moved a Harpoon battery to Bornholm on Monday. The battery arrived at the Raghammer range on Tuesday.",
        [("Harpoon", "Bornholm")],
    ),
    "one-of-them-stays-separate": (
        "Two Tor-M2 systems were moved to Kherson. One of them was placed on the roof of the Dnipro Hotel.",
        [("Tor-M2", "Kherson"), ("Tor-M2", "Dnipro Hotel")],
    ),
    "have-arsenal": ("Iran has S-300 systems in its arsenal.", []),
    "capability": ("The S-400 can hit targets at a range of 400 km.", []),
    "designed-to": ("The Pantsir-S1 is designed to protect airfields against drones.", []),
    "modal": ("Moscow may deploy Iskander missiles in Belarus next year.", []),
    "plan": ("Russia plans to station S-500 systems in Crimea.", []),
    "denial": ("The ministry denied deploying Buk launchers near Kharkiv.", []),
    "negation": ("Russia did not deploy S-400 batteries in Kaliningrad.", []),
    "unclear-whether": ("It is unclear whether the Pantsir was installed on the Interior Ministry.", []),
    "parade": ("Tor-M2 vehicles rolled across Red Square during the Victory Day parade.", []),
    "sale": ("Russia has sold the S-400 to India and Turkey.", []),
    "shoot-down": ("A Shahed-136 drone was shot down over Kyiv on Monday.", []),
    "strike": ("Russia launched Kalibr missiles at Odesa overnight.", []),
    "conditional": ("If Moscow sends Iskanders to Belarus, Warsaw will respond.", []),
    "target-of-strike": ("Moscow said its missiles destroyed a Patriot launcher near Dnipro.", []),
    "vague-place": ("Several Pantsir systems were installed on both buildings.", []),
    "wants": ("Ukraine wants more Patriot systems in Kyiv.", []),
    "no-determiner": ("There are no Patriot systems in Moldova.", []),
    "threatened": ("Russia threatened to deploy Iskander missiles in Kaliningrad.", []),
    "considering": ("NATO is considering sending Patriot batteries to Slovakia.", []),
    "reports-false": ("Reports that a Tor-M2 was placed in Gorky Park were false, the ministry said.", []),
    "future-fear": ("Residents fear that Pantsir systems will be placed on their roofs in Kazan.", []),
    "attack-on-system": ("A drone attack on the S-300 battery in Crimea destroyed a radar.", []),
    "exhibition": ("A Pantsir-S1 at an exhibition in Moscow drew crowds.", []),
    "doubt": ("Analysts doubt that S-400s were moved to Kaliningrad.", []),
    "yet-to": ("Germany has yet to deploy its IRIS-T systems in Lithuania.", []),
    "no-evidence": ("There is no evidence that S-400s were moved to Crimea.", []),
    "no-sign": ("Satellite images show no sign of Iskander launchers in Belarus.", []),
    "turned-out-wrong": ("The report that Buk launchers were seen near Kharkiv turned out to be wrong.", []),
    "no-system": ("Engineers installed new radar masts on the roof of the town hall.", []),
    # Places the small model mislabels or misparses; spots inside a named place.
    "cape-misparsed": ("Russia has moved a Bastion-P coastal missile battery to Cape Tarkhankut on the western tip of Crimea.",
                       [("Bastion-P", "Cape Tarkhankut")]),
    "feature-name": ("NMESIS anti-ship launchers had appeared on Batan island earlier this month.",
                     [("NMESIS", "Batan island")]),
    "spot-in-county": ("The THAAD battery on a former golf course in Seongju county has been there since 2017.",
                       [("THAAD", "Seongju county")]),
    "duty-under-on": ("Its Pantsir-S1 crews were on round-the-clock duty over Sevastopol bay.",
                      [("Pantsir-S1", "Sevastopol bay")]),
    "repositioned": ("A Patriot battery was repositioned to Osan Air Base overnight.", [("Patriot", "Osan Air Base")]),
    "short-suffix": ("Azerbaijan has fielded Israeli-made Barak MX batteries near Ganja.", [("Barak MX", "Ganja")]),
}

XFAIL: dict[str, str] = {}


@pytest.mark.parametrize(
    "text, expected",
    [pytest.param(*case, id=key, marks=[pytest.mark.xfail(reason=XFAIL[key])] if key in XFAIL else []) for key, case in CASES.items()],
)
def test_deployment_cases(nlp, text, expected):
    assert _rows(nlp, text) == expected


def test_deployment_generic_system_only_without_named_ones(nlp):
    text = "Last year the army deployed anti-aircraft weapons around Tallinn."
    assert _rows(nlp, text) == [("anti-aircraft weapons", "Tallinn")]
    named = "A Patriot battery was placed at Tapa. Anti-aircraft weapons were deployed around Tallinn."
    assert _rows(nlp, named) == [("Patriot", "Tapa")]


def test_deployment_one_fact_per_system_and_place_per_document(nlp):
    text = (
        "S-400 launchers were seen in Gomel on Monday.\n\n"
        "The S-400 launchers in Gomel were seen again on Wednesday."
    )
    assert _rows(nlp, text) == [("S-400", "Gomel")]


def test_deployment_headline_yields_to_body(nlp):
    text = "Fresh S-400 sites appear near Minsk\n\nBelarus placed S-400 launchers at Machulishchy airfield on Friday."
    assert _rows(nlp, text) == [("S-400", "Machulishchy airfield")]


def test_deployment_date_resolved_against_publication(nlp):
    doc = nlp("A Pantsir-S1 was spotted on the roof of the Zenit Arena on Tuesday.")
    doc.user_data["published"] = "2024-03-15"
    (rel,) = deployments(doc)
    assert rel.date == "2024-03-12"


def test_deployment_spans_cut_the_document_text(nlp):
    text = "Drivers filmed two Pantsir-S1 systems. One of them was placed on the roof of the Foreign Ministry."
    doc = nlp(text)
    for rel in deployments(doc):
        assert text[rel.sentence.start : rel.sentence.end] == rel.sentence.text
        for m in (rel.subject, rel.object):
            assert m is not None and text[m.start : m.end] == m.text


def test_deployment_noise_lines_yield_nothing(nlp):
    text = "[Image: S-400 launchers at Kubinka airfield]\nPhoto: S-400 launchers at Kubinka airfield"
    assert _rows(nlp, text) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_deployment_never_raises_on_arbitrary_text(nlp, text):
    doc = nlp(text)
    doc.user_data["published"] = None
    for rel in deployments(doc):
        assert text[rel.sentence.start : rel.sentence.end] == rel.sentence.text
        for m in (rel.subject, rel.object):
            assert m is not None and text[m.start : m.end] == m.text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            ["S-400", "Pantsir-S1", "was", "placed", "on", "the", "roof", "of", "Kyiv", "near", "and", "them",
             "One", "of", ",", ".", "\n", "Photo:", "10", "km", "from", "deployment", "in", "Tor-M2s", "it"]
        ),
        max_size=40,
    )
)
def test_deployment_never_raises_on_word_salad(nlp, words):
    text = " ".join(words)
    doc = nlp(text)
    for rel in deployments(doc):
        for m in (rel.subject, rel.object):
            assert m is not None and text[m.start : m.end] == m.text
