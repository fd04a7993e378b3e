"""The word lists the synthetic corpus draws from.

Real English words sit at the head of the frequency ranking, so the named
benchmark queries (``government``, ``"prime minister"``, ``oil prices``…)
find realistic numbers of documents; a long tail of pronounceable invented
words gives the index a term dictionary as large as a real news archive's,
which is what makes prefix expansion and term lookup cost what they cost.
"""

from __future__ import annotations

import random


def _split(text: str) -> list[str]:
    """Word lists are written as prose-like blocks: easier to read and extend."""
    return text.split()


#: The most frequent English words, in roughly their real order.
FUNCTION_WORDS = _split(
    """
the of and to a in is that for it on was with as he be by at his are this from
have or had not but an they which were been has their one all we there would
its who will more when if can so no said about than into them only other some
could time these two may then do first any my now such like our over also new
most after before made where much should very through while years back under
just last during many between against three both since even those well still
"""
)

#: News vocabulary, most frequent first; the benchmark queries use several.
NEWS_WORDS = _split(
    """
people year country public told week market state economy party police
bank president world report plans national company children officials
million percent prices group industry security business workers money
government election rates trade growth energy
council labour union foreign secretary policy health support deal talks
military war forces tax budget sales figures profits shares investors
court law rules agreement sanctions leader leaders vote voters campaign
parliament minister's ministers ministry ministerial governments governor
governing governance govern governed blair brown howard kennedy straw
chancellor cabinet commons lords opposition conservative liberal democrats
tory tories spending services schools hospitals care pensions jobs
unemployment inflation interest crude barrel barrels opec production
supply demand exports imports currency dollar euro sterling markets
analysts forecast quarter annual results chief executive firm firms
europe european britain british america american china chinese russia
russian india iran iraq israel africa asia germany france japan brussels
london washington moscow beijing tehran baghdad kabul delhi tokyo paris
sanction embargo nuclear weapons talks treaty diplomats envoy summit
elections ballot poll polls candidate candidates seats majority coalition
reform reforms bill debate committee inquiry evidence investigation
judge ruling appeal prison crime officers army troops soldiers attack
attacks peace ceasefire refugees aid crisis climate emissions carbon
power electricity gas coal nuclear renewable wind solar pipeline
technology software internet mobile phone digital data computer users
online network service broadband music film games television radio
players season match club coach team cup league football
reported announced warned expected including according despite however
increase rise rose fell fall cut cuts higher lower record highest lowest
important significant major key senior former general local international
minister prime oil
"""
)

#: Word pairs inserted together, so phrase and as-you-type queries find them.
COLLOCATIONS = [
    "prime minister",
    "the prime minister",
    "prime minister",
    "oil prices",
    "government minister",
    "foreign minister",
    "prime minister blair",
    "interest rates",
    "general election",
    "economic growth",
    "trade talks",
    "oil production",
    "finance minister",
    "energy prices",
    "security council",
    "central bank",
    "labour party",
    "nuclear programme",
]

#: Topics: the words a document on that topic uses more, and its tag.
TOPICS: dict[str, list[str]] = {
    "energy": _split("oil prices crude barrel opec gas pipeline energy supply production"),
    "politics": _split("government minister election party vote parliament blair cabinet"),
    "economy": _split("economy growth inflation rates bank budget tax spending jobs"),
    "sanctions": _split("sanctions embargo iran russia treaty diplomats nuclear talks"),
    "elections": _split("election ballot poll voters campaign candidate seats majority"),
    "markets": _split("markets shares investors profits sales dollar euro analysts"),
    "defence": _split("military troops army forces war attack ceasefire security"),
    "health": _split("health hospitals care patients doctors services spending"),
    "technology": _split("technology software internet mobile digital data users"),
    "climate": _split("climate emissions carbon renewable wind solar coal power"),
    "trade": _split("trade exports imports tariffs deal talks agreement china"),
    "sport": _split("players season match club coach team cup league football"),
}

EXTRA_TAGS = ["uk", "europe", "middle-east", "asia", "americas", "africa", "analysis", "briefing"]

SOURCES = [
    "Reuters",
    "BBC News",
    "Financial Times",
    "The Guardian",
    "Associated Press",
    "Bloomberg",
    "Al Jazeera",
    "The Economist",
    "Le Monde",
    "Nikkei Asia",
]

_ONSETS = _split("b c d f g h k l m n p r s t v w br ch cl cr dr fl gr pl pr sh st th tr")
_VOWELS = _split("a e i o u a e i o ea ou")
_CODAS = ["", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ng"]


def invented_words(count: int, seed: int = 7) -> list[str]:
    """``count`` distinct pronounceable non-words, the same ones on every run."""
    rng = random.Random(seed)
    taken = set(FUNCTION_WORDS) | set(NEWS_WORDS)
    words: list[str] = []
    while len(words) < count:
        syllables = rng.choice((1, 2, 2, 2, 3, 3))
        word = "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
        )
        if word not in taken:
            taken.add(word)
            words.append(word)
    return words
