"""Hypothesis strategies for hostile report text: odd number shapes, impossible dates, right-to-left
and control characters, very long sentences, mixed into sentences that read like violence reports.

Shared by the property-based tests beside this file and by ``benchmarks/fuzz_extract.py`` (the
long run).  Every sentence here is written for these tests.
"""
from __future__ import annotations

from hypothesis import strategies as st

# Number shapes that have crashed or may crash a reader of figures.
NUMBER_SHAPES = [
    "0", "00", "zero", "0 million", "0.0", "0,000", "0 to 0", "0-0", "nought", "none",
    "1e9", "1E9", "2.5e3", "1e400", "½", "1½", "¾", "⅓", "3/4", "0/0", "1/0", "10/0",
    "۱۲۳", "١٢٣", "١٬٢٣٤", "۰", "٠", "١٠ million", "۵ dozen", "२३", "１２",  # Urdu, Arabic-Indic, Devanagari, fullwidth
    "1,00,000", "10,00,000", "1,00,00,000", "2 lakh", "3 crore", "1.5 lakh",
    "10-15", "10 to 15", "15-10", "10 or 15", "10 or maybe 0", "between 10 and 15", "10–15", "0-15",
    "1/2", "two thirds", "a half", "one-and-a-half", "0.5", ".5", "5.", "3.14159",
    "1" + "0" * 29, "9" * 30, "1" * 400, "1,000,000,000,000,000,000,000,000,000",
    "-5", "+7", "−3", "5%", "0%", "0 per cent", "1 in 0", "one in zero", "0 for every 10", "1 for every 0",
    "a dozen", "dozens", "0 dozen", "zero dozen", "hundreds", "a hundred thousand million",
    "Rs 0", "Rs 0 million", "$0", "$1e9", "0 km", "0 kilometres", "0th", "0st", "100th", "1000000000000th",
    "²", "³³", "0x1F", "1_000", "٣٫٥", "12:00", "0:00",
]

DATE_SHAPES = [
    "31 February 2014", "February 31, 2014", "30 February", "0 January 2014", "32 March 2014",
    "year 0", "in the year 0", "99999", "in 99999", "January 99999", "on 0000-00-00", "2014-13-45",
    "9999-12-31", "0001-01-01", "on Thursday 31 February", "last Thursday", "since 0", "in 0000",
    "between 2014 and 2010", "2014-2010", "from 1900 to 2100", "1990s", "the first 0 months of this year",
    "the past 0 years", "the past 99999 years", "in the last 1000000000 days", "since January 0",
    "on 29 February 2013", "September 2013", "in 2014", "2013-14", "2014/15",
]

ODD_CHARACTERS = [
    "\x00", "\u202e", "\u202d", "\u200b", "\u200c", "\u200d", "\u2066", "\u2069", "\ufeff", "\u00ad",
    "\x1b", "\x07", "\x0b", "\x0c", "\r", "\u2028", "\u2029", "\x85", "\ud7ff", "\U0001f4a3", "\u0301",
    "\ufffd", "\t", "\u00a0", "\u3000",
]

RTL_WORDS = ["کراچی", "پولیس", "ہلاک", "كراتشي", "قتل", "שלום", "\u202eKarachi\u202c", "مسلح افراد"]

PLAIN_WORDS = [
    "gunmen", "killed", "police", "officers", "were", "injured", "in", "Karachi", "Orangi", "Town", "a", "blast",
    "at", "least", "more", "than", "about", "the", "attack", "on", "Thursday", "kidnapped", "arrested", "people",
    "toll", "rose", "to", "died", "wounded", "militants", "Taliban", "claimed", "per", "day", "every", "year",
    "this", "since", "one", "officer", "for", "inhabitants", "of", "them", "ransom", "rupees", "km", "from",
    "dozens", "scores", "Rangers", "bomb", "suicide", "bomber", "none", "cases", "came", "trial", "percent",
]

TEMPLATES = [
    "{n} people died and {n} were injured in an attack on {d}.",
    "Gunmen killed {n} police officers in Orangi Town on {d}, and {n} were wounded.",
    "The death toll rose to {n} by {d}, officials said.",
    "At least {n} officers have lost their lives in Karachi since {d}, the {n} of them this year.",
    "One officer for every {n} inhabitants, according to the police, and {n} per cent of cases came to trial.",
    "Kidnappers demanded Rs {n} million in ransom on {d}; {n} suspects were arrested.",
    "The blast, {n} km from the city, killed between {n} and {n} people on {d}.",
    "{n} of {n} cases came to trial in {d}, and one in {n} officers was injured.",
    "KARACHI — {n} militants died on {d} when {n} soldiers stormed the compound.",
    "About {n} or maybe {n} people were kidnapped, the {n}th such attack since {d}.",
    "Police said {n} dead, {n} wounded; the toll was {n} per day over the past {n} months.",
]


def _piece() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(NUMBER_SHAPES),
        st.sampled_from(DATE_SHAPES),
        st.sampled_from(ODD_CHARACTERS),
        st.sampled_from(RTL_WORDS),
        st.sampled_from(PLAIN_WORDS),
        st.integers(min_value=-10, max_value=10 ** 40).map(str),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=6),  # anything UTF-8 can carry
    )


@st.composite
def templated_sentence(draw) -> str:
    """A report-like sentence whose figures and dates are hostile shapes."""
    template = draw(st.sampled_from(TEMPLATES))
    filled = template
    while "{n}" in filled or "{d}" in filled:
        if "{n}" in filled:
            filled = filled.replace("{n}", draw(st.sampled_from(NUMBER_SHAPES)), 1)
        if "{d}" in filled:
            filled = filled.replace("{d}", draw(st.sampled_from(DATE_SHAPES)), 1)
    if draw(st.booleans()):  # a control or direction character somewhere inside
        at = draw(st.integers(0, len(filled)))
        filled = filled[:at] + draw(st.sampled_from(ODD_CHARACTERS)) + filled[at:]
    return filled


@st.composite
def word_soup(draw) -> str:
    """Shapes and words strung together with spaces or nothing between them."""
    pieces = draw(st.lists(_piece(), min_size=1, max_size=25))
    sep = draw(st.sampled_from([" ", "", "  ", ", ", "\n", " - "]))
    return sep.join(pieces)


@st.composite
def long_sentence(draw) -> str:
    """One sentence of a few thousand characters with no full stop."""
    clause = draw(templated_sentence()).rstrip(".")
    times = draw(st.integers(10, 40))
    return ", and ".join([clause] * times) + "."


def report_text(long: bool = True) -> st.SearchStrategy[str]:
    """A report: a few sentences of any of the kinds above, in paragraphs."""
    kinds = [templated_sentence(), word_soup()] + ([long_sentence()] if long else [])
    sentence = st.one_of(*kinds)
    return st.lists(sentence, min_size=1, max_size=6).flatmap(
        lambda sentences: st.sampled_from([" ", "\n", "\n\n"]).map(lambda sep: sep.join(sentences)))


published_dates = st.one_of(
    st.none(), st.sampled_from(["2014-08-11", "2014-02", "2014", "2000-02-29", "0001-01-01", "9999-12-31"]),
    st.dates().map(lambda d: d.isoformat()),
)


# --------------------------------------------------------------------------- report files

TIMESTAMPS = [
    "00:00:01.000", "00:00:04,500", "01:02.250", "0:00:07.1", "99:99:99.999", "00:00:xx.000", "", "-->",
    "1e9", "-1:00:00.000", "00:00:01.000000000", "٠٠:٠٠:٠١.٠٠٠", "4294967296:00:00.000", "00:00:01.000 --> 00:00:02.000",
    "00:00", ":::", "00:60:60.999", "00:00:01.\u202e000",
]


@st.composite
def subtitle_file(draw, vtt: bool) -> str:
    """An SRT or WebVTT file whose timing lines may be broken, missing or out of order."""
    lines = ["WEBVTT", ""] if vtt else []
    for number in range(1, draw(st.integers(1, 6)) + 1):
        if not vtt or draw(st.booleans()):
            lines.append(str(number))
        start, end = draw(st.sampled_from(TIMESTAMPS)), draw(st.sampled_from(TIMESTAMPS))
        arrow = draw(st.sampled_from([" --> ", "-->", " -> ", " --> --> ", ""]))
        settings = draw(st.sampled_from(["", " align:start position:10%", " line:-1"])) if vtt else ""
        lines.append(f"{start}{arrow}{end}{settings}")
        lines.append(draw(templated_sentence()).replace("\n", " "))
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["<v Reporter>And then", "<00:00:02.000>more", "{\\an8}", "<c.red>text</c>"])))
        lines.append("")
    return "\n".join(lines)


@st.composite
def html_file(draw) -> str:
    body = "".join(f"<p>{s}</p>" for s in draw(st.lists(templated_sentence(), min_size=1, max_size=4)))
    title = draw(st.sampled_from(["", "<title>\u202eKarachi attack</title>", "<title>0</title>"]))
    date = draw(st.sampled_from(["", '<meta property="article:published_time" content="0000-00-00">',
                                 '<meta name="date" content="2014-02-31">', '<time datetime="99999-01-01">x</time>']))
    return f"<!doctype html><html><head>{title}{date}</head><body><article>{body}</article></body></html>"


# Values a corpus record's fields may hold: strings, numbers, nothing, wrong types.
RECORD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10 ** 30), max_value=10 ** 30), st.floats(allow_nan=True),
    st.sampled_from(["", " ", "0", "1e9", "2014-02-31", "0000-00-00", "99999-01-01", "2014", "\x00", "\u202e"]),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.sampled_from(["a", "text"]), st.integers(), max_size=2),
)


@st.composite
def corpus_record(draw) -> dict:
    record = {"id": draw(st.one_of(st.text(max_size=8), RECORD_VALUES)),
              "text": draw(st.one_of(report_text(long=False), RECORD_VALUES))}
    for key in ("published", "outlet", "title", "url", "language"):
        if draw(st.booleans()):
            record[key] = draw(st.one_of(RECORD_VALUES, st.text(max_size=12)))
    return record


# --------------------------------------------------------------------------- what must hold


def _count_problems(where: str, count) -> list[str]:
    if count is None:
        return []
    bounds = [b for b in (count.low, count.best, count.high) if b is not None]
    problems = [f"{where}: negative bound {count}" for b in bounds if b < 0]
    if count.low is not None and count.best is not None and count.low > count.best:
        problems.append(f"{where}: low > best {count}")
    if count.best is not None and count.high is not None and count.best > count.high:
        problems.append(f"{where}: best > high {count}")
    return problems


def _evidence_problems(where: str, evidence, text: str) -> list[str]:
    if evidence is None:
        return []
    if not 0 <= evidence.start <= evidence.end <= len(text):
        return [f"{where}: offsets [{evidence.start}:{evidence.end}] outside a text of {len(text)}"]
    if text[evidence.start:evidence.end] != evidence.sentence:
        return [f"{where}: text[{evidence.start}:{evidence.end}] is not the evidence sentence"]
    return []


def document_problems(document) -> list[str]:
    """What is wrong with a read Document: empty text, cues or date evidence off its text."""
    text = document.text
    problems = [] if text.strip() else ["document with empty text"]
    for cue in document.cues:
        if not 0 <= cue.start <= cue.end <= len(text):
            problems.append(f"cue [{cue.start}:{cue.end}] outside a text of {len(text)}")
    problems += _evidence_problems("published evidence", document.published_evidence, text)
    return problems


def extraction_problems(result) -> list[str]:
    """Every way an Extraction breaks the contract: evidence that does not slice its report's text
    exactly, negative counts, low > best or best > high."""
    text = result.document.text
    problems = document_problems(result.document)
    for sentence in result.sentences:
        if not 0 <= sentence.start < sentence.end <= len(text):
            problems.append(f"sentence [{sentence.start}:{sentence.end}] outside a text of {len(text)}")
    for incident in result.incidents:
        for evidence in incident.evidence:
            problems += _evidence_problems(f"incident {incident.id}", evidence, text)
        for name in ("fatalities", "injured", "kidnapped", "arrested", "perpetrators_killed"):
            problems += _count_problems(f"incident {incident.id} {name}", getattr(incident, name))
    for claim in result.claims:
        problems += _evidence_problems(f"claim {claim.id}", claim.evidence, text)
        if claim.low is not None and claim.high is not None and claim.low > claim.high:
            problems.append(f"claim {claim.id}: low > high ({claim.low}, {claim.high})")
        for bound in (claim.value, claim.low, claim.high):
            if bound is not None and not 0 <= bound < float("inf"):
                problems.append(f"claim {claim.id}: a figure that is negative or not finite ({bound})")
    return problems


def extract_each(label: str, texts: list, batch_size: int = 32, progress_every: int = 0) -> dict:
    """Read and extract every (text, published) pair, spaCy parsing in batches and each report
    extracted on its own, counting what escapes (internal errors) and broken contracts.  ReadError,
    the documented refusal of empty or unreadable text, is counted apart."""
    import collections
    import time
    import traceback

    from vigil.extract import extract_parsed
    from vigil.nlp import get_nlp
    from vigil.readers import ReadError, read_text

    failures: collections.Counter = collections.Counter()
    shown: dict[str, str] = {}
    refused = 0
    documents = []

    def fail(key: str, detail: str) -> None:
        failures[key[:160]] += 1
        shown.setdefault(key[:160], detail)

    start = time.perf_counter()
    for number, (text, published) in enumerate(texts):
        try:
            documents.append(read_text(text, id=f"{label}-{number}", published=published))
        except ReadError:
            refused += 1
        except Exception as error:  # noqa: BLE001 - counting what escapes is the point
            fail(f"read: {type(error).__name__}: {error}", traceback.format_exc() + f"\ntext: {text[:300]!r}")
    for done, (spacy_doc, document) in enumerate(get_nlp().pipe(((d.text, d) for d in documents), as_tuples=True,
                                                                batch_size=batch_size)):
        if progress_every and done and done % progress_every == 0:
            print(f"  {label}: {done} extracted, {sum(failures.values())} failures, "
                  f"{time.perf_counter() - start:.0f} s", flush=True)
        try:
            result = extract_parsed(document, spacy_doc)
        except Exception as error:  # noqa: BLE001
            fail(f"extract: {type(error).__name__}: {error}", traceback.format_exc()
                 + f"\n{document.id}: {document.text[:300]!r} published={document.published!r}")
            continue
        for problem in extraction_problems(result):
            fail(f"contract: {problem.split(':', 1)[-1].strip()}", f"{document.id}: {document.text[:300]!r}")
    return {"label": label, "examples": len(texts), "read": len(documents), "refused": refused,
            "failures": sum(failures.values()), "kinds": failures, "shown": shown,
            "seconds": time.perf_counter() - start}
