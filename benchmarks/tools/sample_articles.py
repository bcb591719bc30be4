"""The five articles of the bundled sample feed, as data (read by make_sample_feed.py).

All text here is original and invented: the towns, institutions and people are fictional, written to
read like ordinary regional news. Blocks: ("p", text), ("h2", text), ("quote", text),
("fig", image, caption, credit, style) with style "inline" (credit printed inside the caption) or
"span" (credit in its own element), and ("video", poster caption, duration).
"""

from __future__ import annotations

from typing import Any

Article = dict[str, Any]

ARTICLES: list[Article] = [
    {
        "slug": "late-night-library-hours",
        "uid": "9000101",
        "title": "Millbrook library's after-midnight hours win over night-shift workers and students",
        "summary": (
            "A six-month pilot that keeps the Millbrook Central Library open until 2 a.m. three nights a "
            "week has drawn more than 9,000 visits, many from nurses, warehouse staff and students who "
            "cannot reach the library by day."
        ),
        "section": "Local",
        "keywords": ["libraries", "Oregon", "night shift"],
        "dateline": "MILLBROOK, Ore.",
        "dateline_style": "span",
        "authors": [("Hannah Okafor", "Person")],
        "published": "2026-11-20T09:30:00-08:00",
        "breaking": "Winter weather advisory issued for the upper valley from Friday evening",
        "lead": (
            "late-night-library-hours-lead.jpg",
            "The Millbrook Central Library's reading room windows glow after midnight on Nov. 18, 2026.",
            "(Gloss Sample/Hannah Okafor)",
            "span",
        ),
        "blocks": [
            (
                "p",
                "At 12:40 on a Wednesday morning, the reading room of the Millbrook Central Library is quiet "
                "but far from empty. A nurse still in blue scrubs works through a crossword by the window. "
                "Two community college students share a table covered in chemistry notes. Near the "
                "periodicals, a retired long-haul trucker named Walt Becker turns the pages of a thick "
                "biography.",
            ),
            (
                "p",
                "Since June, the library has kept its doors open until 2 a.m. on Tuesdays, Wednesdays and "
                "Thursdays as part of a six-month pilot called Night Owl Hours. Library officials say the "
                "late sessions have logged more than 9,000 visits, and the city council is expected to vote "
                "next month on whether to make them permanent.",
            ),
            (
                "p",
                "\u201cWe kept hearing the same thing: \u2018I\u2019d love to use the library, but I work "
                "when you\u2019re open,\u2019\u201d said branch manager Rosa Delgado-Finch, who proposed "
                "the pilot. \u201cSo we asked ourselves who the building was really for.\u201d",
            ),
            (
                "p",
                "A survey of late-night visitors found that about a third work evening or overnight shifts, "
                "many of them at the regional hospital and at distribution warehouses along the interstate. "
                "Another quarter are students. The rest describe themselves as parents who read after their "
                "children are asleep, people who cannot sleep, and, in Delgado-Finch\u2019s words, "
                "\u201cpeople who simply like a quiet room with good light.\u201d",
            ),
            (
                "fig",
                "late-night-library-hours-1.png",
                "A reading lamp lights a table in the library's second-floor reading room, where late-night "
                "visitors can stay until 2 a.m.",
                "(Gloss Sample/Hannah Okafor)",
                "inline",
            ),
            (
                "p",
                "The program costs about $84,000 for the six months, most of it for staff overtime and a "
                "security guard, according to the library\u2019s budget office. It was paid for with a "
                "grant from a local credit union\u2019s community fund, which runs out in December.",
            ),
            (
                "p",
                "Adaeze Nwosu, a cardiac nurse who finishes her shift at 11 p.m., has become a regular. She "
                "used to drive home and scroll on her phone until she was tired enough to sleep. Now she "
                "stops at the library, checks out two or three novels a week and sits for an hour with "
                "whichever one she has started.",
            ),
            (
                "p",
                "\u201cIt\u2019s the decompression I didn\u2019t know I needed,\u201d Nwosu said. "
                "\u201cNobody wants anything from you here.\u201d",
            ),
            (
                "p",
                "Not everyone was convinced at first. Some council members worried about safety and about "
                "staffing a large building with a skeleton crew. Delgado-Finch said the library has called "
                "police twice in six months of late openings, about the same rate as during daytime hours.",
            ),
            (
                "fig",
                "late-night-library-hours-2.png",
                "New fiction waits on the shelves near the late-night checkout desk.",
                "(Gloss Sample/Tomas Reyes)",
                "span",
            ),
            (
                "p",
                "Libraries elsewhere have experimented with late or 24-hour openings, usually around "
                "university exam periods. What makes Millbrook\u2019s pilot unusual, said Kwame Asante, a "
                "researcher with the Cascadia Library Association, is that it is aimed at workers rather "
                "than students and runs all year.",
            ),
            (
                "p",
                "Council member Ben Harlow, who voted against the pilot in the spring, said he now expects "
                "to support it. \u201cThe numbers are better than I thought, and I\u2019ve had more emails "
                "about this than about potholes,\u201d he said. \u201cThat tells you something.\u201d",
            ),
            (
                "p",
                "At 1:55 a.m., a staff member dims the lights once as a five-minute warning. Becker closes "
                "his book on a bookmark made from a grocery receipt. \u201cI drove nights for 30 years,"
                "\u201d he said. \u201cNow I finally have somewhere to go.\u201d",
            ),
        ],
    },
    {
        "slug": "salt-marsh-restoration",
        "uid": "9000102",
        "title": "Tides return to a drained coastal marsh as an old farm levee comes down",
        "summary": (
            "Crews in Pelican Bend, N.C., have breached a 1950s farm levee to let the tide back into 240 "
            "acres of former marshland, part of a project meant to restore fish nurseries and soften "
            "storm surges."
        ),
        "section": "Environment",
        "keywords": ["wetlands", "North Carolina", "coasts"],
        "dateline": "PELICAN BEND, N.C.",
        "dateline_style": "text",
        "authors": [("Marcus Lindqvist", "Person"), ("Priya Raman", "Person")],
        "published": "2026-11-22T14:15:00-05:00",
        "breaking": None,
        "lead": (
            "salt-marsh-restoration-lead.jpg",
            "Tidal channels fill with water for the first time in decades at the Pelican Bend restoration "
            "site, Nov. 21, 2026.",
            "(Gloss Sample/Priya Raman)",
            "inline",
        ),
        "blocks": [
            (
                "p",
                "For the first time in more than 70 years, salt water ran across the fields east of Pelican "
                "Bend on Saturday morning, pouring through a 60-meter gap that excavators had cut in an "
                "earthen levee the night before.",
            ),
            (
                "p",
                "The breach is the centerpiece of a $6.8 million project to return 240 acres of drained "
                "farmland to the tidal salt marsh it was before a landowner built the levee in the 1950s to "
                "grow corn and soybeans. The state bought the property from the family in 2023.",
            ),
            (
                "p",
                "\u201cYou\u2019re watching a marsh remember what it is,\u201d said Lucia Ferreira, the "
                "coastal ecologist who leads the project for the state\u2019s coastal resources division. "
                "\u201cThe old channels are still there under the soil. The water knows where to go.\u201d",
            ),
            ("video", "Time-lapse: the incoming tide fills the old field channels at Pelican Bend", "0:01:42"),
            (
                "p",
                "Over the next several years, the project team expects cordgrass and other marsh plants to "
                "recolonize the site, followed by the small fish, shrimp and crabs that use marshes as "
                "nurseries. Those species support the region\u2019s commercial and recreational fisheries.",
            ),
            (
                "p",
                "Restored marshes also absorb some of the energy of storm surges and can build up sediment "
                "as sea levels rise, Ferreira said. A new, lower levee set farther inland will protect the "
                "two-lane highway and a handful of homes behind the site.",
            ),
            (
                "fig",
                "salt-marsh-restoration-1.png",
                "Water flows through the breach in the old levee at Pelican Bend, N.C., Nov. 21, 2026.",
                "(Gloss Sample/Marcus Lindqvist)",
                "span",
            ),
            (
                "p",
                "Not everyone in town welcomed the plan at first. Some residents worried about mosquitoes "
                "and about the loss of farmland. Project managers held a dozen public meetings and agreed "
                "to monitor mosquito populations for five years.",
            ),
            (
                "p",
                "Earl Whitaker, 68, whose family farmed the land for three generations before selling it, "
                "came to watch the breach with his grandchildren. \u201cMy granddad fought this water his "
                "whole life,\u201d he said. \u201cI think he\u2019d be surprised. I think he\u2019d also "
                "understand.\u201d",
            ),
            (
                "p",
                "Similar projects along the Atlantic and Gulf coasts have shown that marsh plants can "
                "return within two to five years once tidal flow is restored, although results depend "
                "heavily on the elevation of the land. Decades of farming left parts of the site about 30 "
                "centimeters lower than nearby natural marsh, so engineers have spread dredged sediment "
                "over the lowest fields.",
            ),
            (
                "p",
                "Students from Pelican Bend High School will plant 20,000 cordgrass plugs in the spring. "
                "Biology teacher Janelle Brooks said her classes have been raising the seedlings in a "
                "greenhouse since August.",
            ),
            (
                "p",
                "\u201cThey\u2019ll be able to bring their own kids here one day and say, \u2018I planted "
                "that,\u2019\u201d Brooks said.",
            ),
        ],
    },
    {
        "slug": "valley-line-trains-return",
        "uid": "9000103",
        "title": "Passenger trains return to the Valley Line after 41 years",
        "summary": (
            "Regular passenger service resumed on the 112-kilometer Valley Line on Monday, reconnecting "
            "five small towns with the state capital with four round trips every weekday."
        ),
        "section": "Transport",
        "keywords": ["rail", "transit", "small towns"],
        "dateline": None,
        "dateline_style": None,
        "authors": [("Sample News Staff", "Organization")],
        "published": "2026-11-24T08:00:00-06:00",
        "breaking": "Valley Line service between Orchard Falls and Lindell delayed by a signal fault",
        "lead": (
            "valley-line-trains-return-lead.jpg",
            "The first scheduled Valley Line passenger train crosses farmland east of Carver Junction on "
            "Nov. 23, 2026.",
            "(Gloss Sample/Lena Hoffmann)",
            "span",
        ),
        "blocks": [
            (
                "p",
                "The first scheduled passenger train in 41 years left Carver Junction at 6:12 a.m. Monday, "
                "two minutes late and packed with commuters, rail enthusiasts and a brass band that played "
                "on the platform until the doors closed.",
            ),
            (
                "p",
                "The train reached the state capital, Lindell, 98 minutes later, marking the reopening of "
                "the Valley Line, a 112-kilometer route that lost its passenger service in 1985 and has "
                "carried only occasional freight since. Four round trips will run every weekday, and three "
                "on weekends.",
            ),
            (
                "p",
                "State transportation officials spent about $310 million over five years replacing rails "
                "and ties, rebuilding two bridges and restoring stations in five towns along the route. "
                "Most of the money came from a federal grant program for intercity rail, with the rest "
                "shared by the state and the counties the line serves.",
            ),
            (
                "fig",
                "valley-line-trains-return-1.png",
                "Passengers wait to board the first scheduled Valley Line train at Carver Junction, Nov. 23, 2026.",
                "(Gloss Sample/Lena Hoffmann)",
                "inline",
            ),
            (
                "p",
                "\u201cPeople asked me for years why their grandparents could take the train to the capital "
                "and they couldn\u2019t,\u201d said Transportation Secretary Denise Albright, who rode the "
                "first train. \u201cToday we have an answer.\u201d",
            ),
            (
                "p",
                "For riders like Miguel Soto, a physical therapy student who lives in Orchard Falls, the "
                "line is about time and money. He has been driving about 90 minutes each way to classes "
                "three days a week. \u201cNow I can study on the train instead of staring at a bumper,\u201d "
                "he said. A monthly pass costs $120, less than he spends on gas.",
            ),
            (
                "p",
                "Planners forecast about 1,400 trips a day in the first year, rising as new housing near "
                "the stations fills up. Skeptics in the legislature have questioned those numbers, noting "
                "that ridership on some other restored routes took years to reach its forecasts.",
            ),
            ("h2", "A depot reborn"),
            (
                "p",
                "Business owners say the reopening has already changed the towns along the line. In Harlan "
                "Creek, a former hardware store across from the restored depot reopened in October as a "
                "cafe. Its owner, Grace Liu, said she chose the location \u201cbecause of the timetable.\u201d",
            ),
            (
                "fig",
                "valley-line-trains-return-2.png",
                "The restored 1912 depot at Harlan Creek, which served as a feed store for three decades, "
                "reopened with the Valley Line.",
                "(Gloss Sample/Lena Hoffmann)",
                "span",
            ),
            (
                "p",
                "Operators are still working out problems. A signal fault near Orchard Falls delayed two "
                "trains on Monday afternoon by about 20 minutes, and several riders said the ticket "
                "machines at smaller stations were slow to accept cards.",
            ),
            (
                "p",
                "Oscar Lindgren, a local historian who rode the last passenger train on the line in 1985 "
                "as a teenager, was aboard the first one back. \u201cThe seats are much better,\u201d he "
                "said. \u201cThe view is exactly the same.\u201d",
            ),
        ],
    },
    {
        "slug": "songbird-migration-trackers",
        "uid": "9000104",
        "title": "Tiny trackers reveal how songbirds time their autumn crossings",
        "summary": (
            "Researchers who fitted 180 thrushes with radio tags lighter than a paper clip found that the "
            "birds wait for tailwinds with remarkable patience, sometimes holding back for days before "
            "crossing open water."
        ),
        "section": "Science",
        "keywords": ["birds", "migration", "research"],
        "dateline": None,
        "dateline_style": None,
        "authors": [("Elena Vasquez", "Person")],
        "author_bio": "Elena Vasquez covers science and the environment for Gloss Sample News.",
        "published": "2026-11-26T11:00:00-05:00",
        "breaking": None,
        "lead": (
            "songbird-migration-trackers-lead.jpg",
            "A flock of songbirds heads out over open water at dusk during the autumn migration.",
            "(Gloss Sample/Elena Vasquez)",
            "inline",
        ),
        "blocks": [
            (
                "p",
                "Every autumn, millions of small songbirds leave northern forests for wintering grounds "
                "thousands of kilometers away, many of them crossing long stretches of open water where "
                "there is nowhere to land. How they decide when to go has long been one of the harder "
                "questions in the study of migration.",
            ),
            (
                "p",
                "A study published this week offers a detailed answer for one species. A team led by "
                "biologists at the Northfield Institute of Ornithology fitted 180 Swainson\u2019s thrushes "
                "with solar-powered radio tags weighing 0.6 grams, less than a paper clip, and followed "
                "them from their breeding grounds to the Gulf coast.",
            ),
            (
                "p",
                "The birds, it turned out, were picky about the weather. Most waited at stopover sites "
                "until a steady tailwind set in, then left within an hour or two after sunset. Some held "
                "back for as long as nine days, feeding heavily, while the wind blew the wrong way.",
            ),
            ("h2", "Waiting for the wind"),
            (
                "p",
                "\u201cWe expected some patience, but not this much,\u201d said Naomi Achterberg, the "
                "study\u2019s lead author. \u201cThese are birds that weigh about as much as a few coins, "
                "and they were effectively reading a weather forecast.\u201d",
            ),
            (
                "fig",
                "songbird-migration-trackers-1.png",
                "A Swainson's thrush fitted with a radio tag rests on a branch before release, Sept. 14, 2026.",
                "(Gloss Sample/Northfield Institute of Ornithology)",
                "span",
            ),
            (
                "p",
                "Birds that left with a tailwind crossed the Gulf in about 18 hours on average, the "
                "researchers found, while the few that set off into headwinds took nearly half as long "
                "again and arrived noticeably lighter.",
            ),
            (
                "quote",
                "Ten years ago this study would have been impossible. You would lose the bird the moment "
                "it flew out of sight.",
            ),
            (
                "p",
                "That change, Achterberg said, is owed to a network of automated receiving towers that "
                "volunteers, universities and wildlife agencies have built across the Americas. Each tower "
                "listens for the tags\u2019 coded signals and records which birds pass within range.",
            ),
            (
                "p",
                "The findings matter beyond the thrush, said Samuel Adeyemi, a migration ecologist who was "
                "not involved in the study. Changing wind patterns could leave some species waiting longer "
                "for good conditions, he said, using up fat reserves they need for the crossing.",
            ),
            (
                "p",
                "The team plans to tag other species next year, including warblers and vireos, whose "
                "smaller bodies leave them even less room for error.",
            ),
        ],
    },
    {
        "slug": "winter-market-cooperative",
        "uid": "9000105",
        "title": "Vendors form a co-op to keep the Ashford winter market running",
        "summary": (
            "Twenty-three farmers, bakers and cheesemakers have pooled their money to buy the old "
            "creamery building where Ashford's winter farmers' market meets, after the landlord put it up "
            "for sale."
        ),
        "section": "Food & Farming",
        "keywords": ["farmers markets", "cooperatives", "Vermont"],
        "dateline": "ASHFORD, Vt.",
        "dateline_style": "strong",
        "authors": [("Daniel Mwangi", "Person")],
        "published": "2026-11-28T10:00:00-05:00",
        "breaking": None,
        "lead": (
            "winter-market-cooperative-lead.jpg",
            "Squash, apples and late peppers fill the stalls at the Ashford Winter Market on its opening "
            "day, Nov. 28, 2026.",
            "(Gloss Sample/Daniel Mwangi)",
            "span",
        ),
        "blocks": [
            (
                "p",
                "When the owner of the old creamery on Mill Street put the building up for sale last "
                "spring, the vendors who had run a winter farmers\u2019 market there for 14 years assumed "
                "it was the end of the market.",
            ),
            (
                "p",
                "Instead, 23 of them pooled their savings, borrowed the rest from a regional community "
                "lender and formed a cooperative. On Saturday, the Ashford Winter Market opened its season "
                "as the owner of its own building.",
            ),
            (
                "p",
                "\u201cNone of us had ever bought anything bigger than a tractor,\u201d said Margaret "
                "\u201cPeg\u201d Sullivan, who raises sheep for wool and cheese and chairs the co-op\u2019s "
                "board. \u201cWe had a lot of kitchen-table meetings.\u201d",
            ),
            (
                "p",
                "The co-op paid $415,000 for the two-story brick building. Each member put in between "
                "$2,000 and $10,000 depending on the size of their business, and the loan covers the rest. "
                "Members will pay it down through stall fees, which rose by about 10 percent this year.",
            ),
            (
                "fig",
                "winter-market-cooperative-1.png",
                "Shoppers arrive at the old creamery building on Mill Street as snow falls on the market's "
                "opening day.",
                "(Gloss Sample/Daniel Mwangi)",
                "inline",
            ),
            (
                "p",
                "Winter markets are a lifeline for small farms in cold regions, where summer markets end in "
                "October but the bills do not. For some vendors, the market brings in a third of their "
                "yearly income.",
            ),
            (
                "p",
                "\u201cIn January, this is the only place I sell,\u201d said Tom Nakamura, who grows greens "
                "in unheated tunnels and sells eggs from 200 hens. \u201cWithout it, I\u2019d be driving "
                "two hours every week, and I wouldn\u2019t make it.\u201d",
            ),
            (
                "p",
                "The co-op plans to rent the upstairs rooms to a community kitchen, where members and local "
                "residents can make jams, sauces and baked goods to sell. Sullivan said the rent should "
                "cover about half of the building\u2019s costs.",
            ),
            (
                "p",
                "Cooperative ownership of market buildings is still unusual, said Ruth Okonkwo, who advises "
                "farm businesses for a regional cooperative development group. Most markets rent their "
                "space from towns, churches or private landlords, which leaves them exposed when a "
                "property changes hands.",
            ),
            (
                "p",
                "On opening day, the line for Anneliese Berg\u2019s cardamom buns stretched past the door "
                "by 9 a.m. Berg, a baker and one of the co-op\u2019s founding members, was too busy to talk "
                "for long. \u201cAsk me in an hour,\u201d she said, handing a bag across the counter. "
                "\u201cOr come back next Saturday. We\u2019re not going anywhere.\u201d",
            ),
        ],
    },
]
