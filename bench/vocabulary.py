"""Words the synthetic corpus is written from: systems, states, places, names, outlets, templates.

All of it is written for the benchmark (nothing is taken from the seed or dev
articles). Real weapon-system, state and place names are used so that the
extractors and the gazetteer see the kind of names real news uses; people and
outlets are invented.

Template slots: ``{actor}`` deploying state, ``{system}``, ``{unit}``, ``{place}``,
``{place2}``, ``{when}`` (empty or " on Tuesday", with its leading space),
``{source}``, ``{outlet}``, ``{speaker}``, ``{content}``, ``{accuser}``,
``{accused}``, ``{act}``, ``{evidence}``, ``{dismissal}``, ``{target}``, ``{org}``,
``{n}``, ``{pct}``, ``{weekday}``, ``{reporter}``, ``{reporter2}``, ``{adj}``.
"""

from __future__ import annotations

# label, short form, wording group (picks the unit words; see ONTOLOGY_CLASS), states that field it
SYSTEMS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("S-400 Triumf", "S-400", "SurfaceToAirMissileSystem", ("Russia", "Belarus", "Turkey")),
    ("S-300PMU2", "S-300", "SurfaceToAirMissileSystem", ("Russia", "Iran", "Syria", "Belarus")),
    ("Pantsir-S1", "Pantsir", "AirDefenceSystem", ("Russia", "Syria", "Serbia", "Libya")),
    ("Tor-M2", "Tor", "SurfaceToAirMissileSystem", ("Russia", "Belarus", "Serbia")),
    ("Buk-M3", "Buk", "SurfaceToAirMissileSystem", ("Russia", "Belarus", "Syria")),
    ("Iskander-M", "Iskander", "MissileSystem", ("Russia", "Belarus", "Armenia")),
    ("Kalibr", "Kalibr", "MissileSystem", ("Russia",)),
    ("Bastion-P", "Bastion", "MissileSystem", ("Russia", "Syria")),
    ("Krasukha-4", "Krasukha", "WeaponSystem", ("Russia",)),
    ("Tornado-S", "Tornado-S", "WeaponSystem", ("Russia",)),
    ("TOS-1A", "TOS-1A", "WeaponSystem", ("Russia", "Azerbaijan")),
    ("Shahed-136", "Shahed", "Drone", ("Iran", "Russia", "Yemen")),
    ("Geran-2", "Geran", "Drone", ("Russia",)),
    ("Lancet-3", "Lancet", "Drone", ("Russia",)),
    ("Orlan-10", "Orlan", "Drone", ("Russia",)),
    ("Mohajer-6", "Mohajer", "Drone", ("Iran", "Sudan")),
    ("Bayraktar TB2", "TB2", "Drone", ("Turkey", "Ukraine", "Azerbaijan", "Poland")),
    ("Wing Loong II", "Wing Loong", "Drone", ("China", "Libya")),
    ("Patriot PAC-3", "Patriot", "SurfaceToAirMissileSystem", ("United States", "Poland", "Ukraine", "Israel")),
    ("NASAMS", "NASAMS", "SurfaceToAirMissileSystem", ("United States", "Ukraine", "Lithuania")),
    ("IRIS-T SLM", "IRIS-T", "SurfaceToAirMissileSystem", ("Germany", "Ukraine")),
    ("SAMP/T", "SAMP/T", "SurfaceToAirMissileSystem", ("France", "Italy", "Ukraine")),
    ("Gepard", "Gepard", "AirDefenceSystem", ("Germany", "Ukraine")),
    ("Iron Dome", "Iron Dome", "AirDefenceSystem", ("Israel",)),
    ("David's Sling", "David's Sling", "AirDefenceSystem", ("Israel",)),
    ("HIMARS", "HIMARS", "MissileSystem", ("United States", "Ukraine", "Poland")),
    ("M270 MLRS", "M270", "WeaponSystem", ("United States", "Ukraine", "Germany")),
    ("Storm Shadow", "Storm Shadow", "MissileSystem", ("France", "Ukraine")),
    ("ATACMS", "ATACMS", "MissileSystem", ("United States", "Ukraine")),
    ("CAESAR howitzer", "CAESAR", "WeaponSystem", ("France", "Ukraine", "Armenia")),
    ("Krab howitzer", "Krab", "WeaponSystem", ("Poland", "Ukraine")),
    ("Hwasong-11", "Hwasong", "MissileSystem", ("North Korea", "Russia")),
    ("Fateh-110", "Fateh", "MissileSystem", ("Iran", "Syria", "Yemen")),
    ("Khordad-15", "Khordad", "SurfaceToAirMissileSystem", ("Iran",)),
    ("HQ-9", "HQ-9", "SurfaceToAirMissileSystem", ("China", "Serbia")),
    ("Polonez", "Polonez", "MissileSystem", ("Belarus",)),
)

# the ontology class (ontology/kg.ttl) of systems whose class above is only their wording group
ONTOLOGY_CLASS: dict[str, str] = {
    "Pantsir-S1": "AntiAircraftGunMissileSystem", "Gepard": "AntiAircraftGunMissileSystem",
    "Iskander-M": "BallisticMissileSystem", "Hwasong-11": "BallisticMissileSystem",
    "Fateh-110": "BallisticMissileSystem", "ATACMS": "BallisticMissileSystem",
    "Kalibr": "CruiseMissileSystem", "Bastion-P": "CruiseMissileSystem", "Storm Shadow": "CruiseMissileSystem",
    "HIMARS": "Artillery", "M270 MLRS": "Artillery", "CAESAR howitzer": "Artillery", "Krab howitzer": "Artillery",
    "Tornado-S": "Artillery", "TOS-1A": "Artillery", "Polonez": "Artillery",
}

# superclass of each system class, up to kg:WeaponSystem (ontology/kg.ttl)
SUPERCLASS: dict[str, str] = {
    "AirDefenceSystem": "WeaponSystem", "SurfaceToAirMissileSystem": "AirDefenceSystem",
    "AntiAircraftGunMissileSystem": "AirDefenceSystem", "ManpadsSystem": "AirDefenceSystem",
    "MissileSystem": "WeaponSystem", "BallisticMissileSystem": "MissileSystem",
    "CruiseMissileSystem": "MissileSystem", "Drone": "WeaponSystem", "Artillery": "WeaponSystem",
}

# name, adjective, written with "the"
STATES: tuple[tuple[str, str, bool], ...] = (
    ("Russia", "Russian", False), ("Ukraine", "Ukrainian", False), ("Belarus", "Belarusian", False),
    ("Iran", "Iranian", False), ("Israel", "Israeli", False), ("Syria", "Syrian", False),
    ("Turkey", "Turkish", False), ("United States", "US", True), ("Poland", "Polish", False),
    ("Armenia", "Armenian", False), ("Azerbaijan", "Azerbaijani", False), ("Serbia", "Serbian", False),
    ("Germany", "German", False), ("France", "French", False), ("Italy", "Italian", False),
    ("Lithuania", "Lithuanian", False), ("North Korea", "North Korean", False), ("China", "Chinese", False),
    ("Libya", "Libyan", False), ("Sudan", "Sudanese", False), ("Yemen", "Yemeni", False),
)

# who each state's officials usually accuse
RIVALS: dict[str, tuple[str, ...]] = {
    "Russia": ("Ukraine", "United States", "Poland", "Lithuania"),
    "Ukraine": ("Russia", "Belarus", "Iran"),
    "Belarus": ("Poland", "Lithuania", "Ukraine"),
    "Iran": ("Israel", "United States"),
    "Israel": ("Iran", "Syria"),
    "Syria": ("Israel", "Turkey"),
    "Turkey": ("Syria",),
    "United States": ("Russia", "Iran", "North Korea", "China"),
    "Poland": ("Belarus", "Russia"),
    "Armenia": ("Azerbaijan",),
    "Azerbaijan": ("Armenia",),
    "Serbia": ("Lithuania", "Germany"),
    "Germany": ("Russia",),
    "France": ("Russia",),
    "Italy": ("Russia",),
    "Lithuania": ("Belarus", "Russia"),
    "North Korea": ("United States",),
    "China": ("United States",),
    "Libya": ("Sudan",),
    "Sudan": ("Libya",),
    "Yemen": ("Israel", "United States"),
}

PLACES: dict[str, tuple[str, ...]] = {
    "Russia": ("Belgorod", "Kursk", "Voronezh", "Bryansk", "Rostov-on-Don", "Kaliningrad", "Novorossiysk",
               "Taganrog", "Yeysk", "Millerovo", "Engels", "Morozovsk", "Pskov", "Murmansk"),
    "Ukraine": ("Kherson", "Zaporizhzhia", "Melitopol", "Dzhankoi", "Sevastopol", "Odesa", "Mykolaiv",
                "Dnipro", "Kharkiv", "Lviv", "Kramatorsk", "Pokrovsk", "Berdiansk", "Mariupol", "Chernihiv"),
    "Belarus": ("Brest", "Gomel", "Baranovichi", "Mozyr", "Luninets", "Machulishchy", "Grodno"),
    "Iran": ("Isfahan", "Natanz", "Bandar Abbas", "Tabriz", "Kermanshah", "Bushehr"),
    "Israel": ("Haifa", "Eilat", "Ashkelon", "Beersheba", "Nevatim"),
    "Syria": ("Latakia", "Tartus", "Hmeimim", "Aleppo", "Deir ez-Zor", "Palmyra", "Qamishli"),
    "Turkey": ("Incirlik", "Gaziantep", "Hatay", "Malatya"),
    "United States": ("Guam", "Fort Bliss", "Diego Garcia"),
    "Poland": ("Rzeszow", "Redzikowo", "Bialystok", "Lublin", "Przemysl"),
    "Armenia": ("Gyumri", "Goris", "Kapan", "Yerevan"),
    "Azerbaijan": ("Ganja", "Shusha", "Lachin", "Nakhchivan"),
    "Serbia": ("Nis", "Batajnica", "Kraljevo"),
    "Germany": ("Ramstein", "Grafenwoehr", "Buechel"),
    "France": ("Mont-de-Marsan", "Istres"),
    "Italy": ("Sigonella", "Aviano"),
    "Lithuania": ("Siauliai", "Rukla", "Klaipeda"),
    "North Korea": ("Sinpo", "Wonsan", "Sohae"),
    "China": ("Fujian", "Hainan", "Woody Island"),
    "Libya": ("Benghazi", "Sirte", "al-Jufra", "Misrata", "Tobruk"),
    "Sudan": ("Port Sudan", "El Fasher", "Kassala", "Merowe"),
    "Yemen": ("Hodeidah", "Sanaa", "Marib", "Saada"),
}

# state bodies: "{adj} {body}", kg class
BODIES: tuple[tuple[str, str], ...] = (
    ("Ministry of Defence", "Organization"), ("Foreign Ministry", "Organization"),
    ("General Staff", "Organization"), ("Air Force", "Organization"),
    ("Border Guard Service", "Organization"), ("Presidential Office", "Organization"),
    ("Security Council", "Organization"), ("Navy", "Organization"), ("Embassy in Geneva", "Organization"),
)

ROLES: tuple[str, ...] = (
    "a spokesperson for the {body}", "the chief spokesperson of the {body}", "the deputy head of the {body}",
    "a senior adviser at the {body}", "the press officer of the {body}", "a regional commander",
    "the {adj} deputy defence minister", "an aide to the {adj} president", "the {adj} ambassador to the UN",
)

# invented first names and surnames, by naming tradition
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "slavic": (("Arseny", "Kirill", "Oleg", "Svetlana", "Yaroslav", "Daria", "Taras", "Matvei", "Zoya", "Bohdan",
                "Inna", "Vadim", "Lesya", "Gleb"),
               ("Voronkov", "Melnichuk", "Sokolenko", "Bratushko", "Zhuravin", "Karpenko", "Lisovets", "Orekhov",
                "Dubrova", "Yashchenko", "Kovalyk", "Rudnev", "Shevlyuk", "Tarasova")),
    "persian": (("Dariush", "Farzaneh", "Kamran", "Nasrin", "Behrouz", "Shirin", "Arash", "Mehrdad"),
                ("Rahnavard", "Kazemzadeh", "Tehranchi", "Mousavian", "Farahani", "Jalalvand", "Sadeghpour")),
    "semitic": (("Amos", "Noa", "Yael", "Eitan", "Tamar", "Khalil", "Rania", "Samir", "Omar", "Leila"),
                ("Ben-Ari", "Halevy", "Shamir-Katz", "Haddad", "Qasimi", "Nassar", "Darwish", "Mansour")),
    "turkic": (("Emre", "Aylin", "Kerem", "Selin", "Rashad", "Gunel", "Elchin", "Murat"),
               ("Yildirimoglu", "Karaaslan", "Aliyev-Sahin", "Mammadli", "Ozturan", "Guliyeva")),
    "western": (("Graham", "Helen", "Marcus", "Claire", "Thomas", "Ingrid", "Pierre", "Giulia", "Janusz",
                 "Agnieszka", "Rimas", "Ona", "Lukas", "Marta"),
                ("Whitcombe", "Hallberg", "Dufresne", "Castellano", "Wrobelski", "Kazlauskiene", "Brenner",
                 "Ashdown", "Moreau-Lenoir", "Pietrzak", "Ferraro", "Lindqvist")),
    "armenian": (("Aram", "Ani", "Tigran", "Lusine", "Hayk"), ("Petrosyan-Avag", "Mkrtchyan", "Sargsian", "Hovakimyan")),
    "korean": (("Kim Song", "Ri Chol", "Pak Jong"), ("Nam", "Ryu", "Choe")),
    "chinese": (("Liang", "Wei", "Mei"), ("Zhaorong", "Qiuyang", "Hanshan")),
}

TRADITION: dict[str, str] = {
    "Russia": "slavic", "Ukraine": "slavic", "Belarus": "slavic", "Serbia": "slavic", "Iran": "persian",
    "Israel": "semitic", "Syria": "semitic", "Libya": "semitic", "Sudan": "semitic", "Yemen": "semitic",
    "Turkey": "turkic", "Azerbaijan": "turkic", "Armenia": "armenian", "North Korea": "korean",
    "China": "chinese",
}

OUTLETS: tuple[str, ...] = (
    "Baltic Ledger", "Dniester Wire", "Northern Courier", "Meridian News Service", "Harbor Post",
    "Steppe Monitor", "Coastline Gazette", "Frontline Daily", "Caspian Observer", "Levant Dispatch",
    "Continental Times", "Eastern Bulletin", "Granite Press Agency", "Signal Point News", "Danube Herald",
    "Highland Report", "Crossroads Review", "Delta Newswire", "Pine Ridge Journal", "Atlas Field Notes",
)

UNITS: dict[str, tuple[str, ...]] = {
    "SurfaceToAirMissileSystem": ("launchers", "batteries", "systems", "radars", "air defence units"),
    "AirDefenceSystem": ("systems", "units", "batteries", "vehicles"),
    "MissileSystem": ("launchers", "missile batteries", "units", "launch vehicles"),
    "Drone": ("drones", "launch crews", "drone teams", "launch sites"),
    "WeaponSystem": ("systems", "vehicles", "batteries", "units"),
}

TARGETS: tuple[str, ...] = (
    "an oil depot", "a power substation", "a fuel terminal", "an airfield", "a grain warehouse",
    "a railway bridge", "an ammunition depot", "a radar station", "a hospital", "a shopping centre",
    "a water treatment plant", "a port crane", "a barracks", "a school building",
)

SOURCES: tuple[str, ...] = (
    "local officials", "a regional governor", "an open-source intelligence group",
    "people familiar with the matter", "two defence officials", "a military blogger",
    "a monitoring group", "residents",
)

DISMISSALS: tuple[str, ...] = (
    "a provocation", "baseless", "fake news", "pure fabrication", "an information operation", "absurd",
    "groundless", "a lie", "propaganda", "nonsense",
)

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")

DEPLOYMENT = (
    "{actor} has deployed {system} {unit} to {place}{when}, {source} reported.",
    "Satellite images reviewed by {outlet} show {system} {unit} at {place}.",
    "{system} {unit} were moved to {place}{when}, according to {source}.",
    "A battery of {system} has been stationed near {place}{when}.",
    "{actor} brought {system} {unit} into {place}{when}.",
    "Residents of {place} said they had seen {system} {unit} on the outskirts of the town{when}.",
    "{actor} has positioned {system} {unit} around {place}, {source} said.",
    "Video posted online appeared to show {system} {unit} being unloaded at {place}{when}.",
    "{actor} transferred additional {system} {unit} to {place}{when}, two officials told {outlet}.",
    "Analysts identified {system} {unit} parked near {place} in commercial imagery taken{when}.",
    "{actor} set up {system} {unit} outside {place} to guard {target}.",
    "The {system} {unit} installed at {place}{when} now cover much of the surrounding region.",
    "Open-source researchers located {system} {unit} at a base near {place}.",
    "{actor} stationed {system} {unit} in {place}{when}, {source} said.",
)

CLAIM_SAID = (
    "{speaker} said {content}.",
    "{speaker} said in a statement{when} that {content}.",
    "According to {speaker}, {content}.",
    "{speaker} told reporters that {content}.",
    "\u201c{content},\u201d {speaker} said.",
    "{speaker} claimed that {content}.",
    "In a post on Telegram, {speaker} wrote that {content}.",
    "{speaker} insisted{when} that {content}.",
)

CLAIM_WHAT = (
    "air defences had shot down {n} drones over {place} overnight",
    "{n} missiles had been intercepted near {place}",
    "its forces had repelled an attack near {place}",
    "the situation in {place} remained under control",
    "the enemy had lost {n} armoured vehicles near {place} in the past week",
    "the strike on {place} had hit only military targets",
    "new shelters would be built in {place} before winter",
    "the exercises near {place} were purely defensive",
    "supplies to {place} had not been interrupted",
)

ACKNOWLEDGE = (
    "{speaker} confirmed that {content}.",
    "{speaker} acknowledged{when} that {content}.",
    "{speaker} admitted that {content}.",
    "Asked about the reports, {speaker} confirmed that {content}.",
)

ACKNOWLEDGE_WHAT = (
    "{system} {unit} had been sent to {place}",
    "{system} {unit} were deployed near {place}",
    "{system} {unit} were operating in {place}",
    "{system} {unit} had arrived in {place} as part of a planned rotation",
)

DENY_DEPLOYMENT = (
    "{speaker} denied that {content}.",
    "{speaker} rejected reports that {content}, calling them {dismissal}.",
    "{speaker} dismissed claims that {content} as {dismissal}.",
)

DENY_DEPLOYMENT_WHAT = (
    "{system} {unit} had been moved to {place}",
    "{system} {unit} were stationed at {place}",
    "any {system} {unit} had been sent to {place}",
)

DENY_BLAME = (
    "{speaker} denied any involvement in {content}.",
    "{speaker} rejected the accusation, calling it {content}.",
    "{speaker} denied responsibility for {content} and called the claim {dismissal}.",
    "{speaker} said the allegation that it was behind {content} was {dismissal}.",
)

DECLINE = (
    "{speaker} {content}.",
    "{speaker} {content} when asked about {place}.",
    "Asked about the {system} {unit}, {speaker} {content}.",
)

DECLINE_WHAT = (
    "declined to comment", "did not respond to a request for comment", "refused to comment",
    "would neither confirm nor deny the reports", "referred questions to the defence ministry",
    "said there was nothing to add", "declined to discuss troop movements",
)

BLAME = (
    "{accuser} blamed {accused} for {act}{evidence}.",
    "{accuser} accused {accused} of {act_ing}{evidence}.",
    "{accuser} held {accused} responsible for {act}.",
    "{accuser} said {accused} was behind {act}{evidence}.",
    "{accuser} pinned the blame for {act} on {accused}.",
)

ACTS = (
    "the strike on {place}", "the drone attack on {target} in {place}", "the shelling of {place}",
    "the explosion at {target} near {place}", "the attack on the power grid in {place}",
    "the missile strike on {target} outside {place}",
)

ACTS_ING = (
    "shelling {place}", "launching drones at {place}", "striking {target} in {place}",
    "sabotaging the railway near {place}", "targeting civilians in {place}",
)

EVIDENCE: tuple[tuple[str, bool | None], ...] = (
    ("", None), ("", None), ("", None), (", without providing evidence", False),
    (", offering no proof", False), (" but gave no evidence", False),
    (", citing intercepted communications", True), (", and published photographs of missile fragments", True),
)

NOISE = (
    "Temperatures in {place} are expected to fall below freezing later this week.",
    "The {adj} currency weakened by {pct} percent against the dollar on {weekday}.",
    "Schools in {place} reopened{when} after a two-week break.",
    "{outlet} could not independently verify the reports.",
    "Rail services between {place} and {place2} were suspended for several hours.",
    "Fuel prices in the region have risen steadily since the summer.",
    "Local authorities in {place} announced a curfew from 11 p.m. to 5 a.m.",
    "The harvest in the surrounding farmland is expected to be smaller than last year.",
    "A football match scheduled in {place} was postponed.",
    "Power was restored to most homes in {place} by evening.",
    "Officials said {n} people had been evacuated from villages near {place}.",
    "The regional parliament is due to meet again next month.",
    "Flights from {place} remain suspended.",
    "Humanitarian groups have asked for safe passage to {place}.",
    "Prices of bread and sugar in {place} have nearly doubled, residents said.",
    "Air raid sirens sounded across {place} for nearly two hours{when}.",
    "Long queues formed outside petrol stations in {place}.",
    "The mayor of {place} urged residents to stay indoors.",
    "Internet access in parts of {place} was disrupted{when}.",
    "Several roads leading to {place} were closed to civilian traffic.",
    "It was not immediately clear how many people were injured.",
    "Aid deliveries to {place} resumed after a pause of several days.",
)

HEADLINES = (
    "{system} spotted near {place}", "{actor} moves {system} closer to {place}",
    "Officials trade blame after strike on {place}", "Reports of {system} in {place} draw denials",
    "New air defences appear around {place}", "{place} braces for more attacks",
    "What we know about the {system} deployment", "Tensions rise over {place}",
)

CLOSERS = (
    "Reporting by {reporter}; editing by {reporter2}.",
    "This story has been updated with additional details.",
    "{reporter} contributed reporting.",
    "{outlet} could not independently verify the reports.",
)
