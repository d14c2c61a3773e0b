"""Full-text search over annual reports: which reports say these words, and in which sentence.

What is indexed: each annual report's canonical document (as of its latest extraction), its sections' prose
(report-format.md: overview, active_disclosure, ... other_matters) cut into sentences after 。！？；and at
paragraph ends — a sentence is what a result shows. `index_reports` runs inside `archive.annual.regroup`, so
the index follows every crawl, re-extraction and regrouping in the same transaction; it re-reads only reports
whose canonical extraction changed, and a report that is gone takes its sentences with it (ON DELETE CASCADE).

How words are found — Chinese has no spaces, so a word is any substring, and a word of one or two characters
(公开, 复议, 诉) is as common a query as a longer one:

- SQLite: an FTS5 table with the trigram tokenizer (migration 0004) answers words of 3 or more characters from
  its index; it cannot match shorter ones at all, so those are a LIKE over `report_sentence`, a scan.
- PostgreSQL: a pg_trgm GIN index answers ILIKE for words of 3 or more characters. Shorter ones give no
  trigram to look up, so they are a scan as well. pg_trgm only makes trigrams of characters the database's
  LC_CTYPE calls letters: under C or POSIX it drops every Chinese character, and the index, though still
  correct, has to hand back every row (1.5 s where a scan takes 0.25 s, 300,000 sentences). Then every word
  is a plain scan (`strpos`), and `Backend.note` says why.
- Either database without its index (SQLite older than 3.34 at upgrade, pg_trgm not creatable): scans, and
  `Backend.note` says so.

Several words must all occur in the same sentence. Matching ignores ASCII case; white space next to a
Chinese character is dropped from both the text and the words (PDF text breaks lines inside words).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from nianbao.archive.database import reading
from nianbao.models import Agency, AnnualReport, Extraction, ReportSentence, ReportText
from nianbao.models.search import FTS_TABLE, TRIGRAM_INDEX

#: The trigram length: shorter words cannot be looked up in either database's index.
TRIGRAM = 3

_sentence = ReportSentence.__table__
_text = ReportText.__table__
_report = AnnualReport.__table__
_agency = Agency.__table__
_extraction = Extraction.__table__

_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]*")
_SPACES = re.compile(r"\s+")
#: A space with a non-ASCII character (Chinese, full-width punctuation) on either side.
_SPACE_BY_WIDE = re.compile(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])")
_LIKE_SPECIAL = re.compile(r"([\\%_])")
#: A letter or digit: what str.isalnum() says of a character (\w is exactly that plus "_"), one search in C
#: instead of a generator over every character of every sentence (a tenth of a refresh's indexing).
_ALNUM = re.compile(r"[^\W_]")
#: Reports read per statement, and sentences inserted per statement.
_BATCH = 500
_SENTENCE_BATCH = 5000


def normalise(text: str) -> str:
    """Text as it is indexed and searched: white space runs as one space, none next to a wide character."""
    return _SPACE_BY_WIDE.sub("", _SPACES.sub(" ", text).strip())


def split_sentences(sections: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """(section key, sentence) pairs in report order; a piece with no letter or digit is not a sentence."""
    found: list[tuple[str, str]] = []
    for key, text in (sections or {}).items():
        if not isinstance(text, str):
            continue
        for match in _SENTENCE.finditer(text):
            sentence = normalise(match.group(0))
            if _ALNUM.search(sentence):
                found.append((str(key)[:32], sentence))
    return found


# --- keeping the index up to date ----------------------------------------------------------------------------


def stale_reports(conn: Connection, canonical: Mapping[int, int]) -> dict[int, int]:
    """The reports (id -> canonical extraction id) whose indexed text is another extraction's, or none."""
    indexed: dict[int, int] = {}
    for chunk in _chunks(sorted(canonical), _BATCH):
        indexed.update(conn.execute(sa.select(_text.c.annual_report_id, _text.c.extraction_id)
                                    .where(_text.c.annual_report_id.in_(chunk))).all())
    return {report: extraction for report, extraction in canonical.items() if indexed.get(report) != extraction}


def sections_of(conn: Connection, extraction_ids: Iterable[int]) -> dict[int, dict[str, Any] | None]:
    """The `sections` of these extractions (None where there are none): what the index and text reuse read."""
    found: dict[int, dict[str, Any] | None] = {}
    for chunk in _chunks(sorted(set(extraction_ids)), _BATCH):
        for extraction_id, fields in conn.execute(
            sa.select(_extraction.c.id, _extraction.c.fields).where(_extraction.c.id.in_(chunk))
        ):
            sections = fields.get("sections") if isinstance(fields, dict) else None
            found[extraction_id] = sections if isinstance(sections, dict) else None
    return found


def index_reports(
    conn: Connection,
    canonical: Mapping[int, int],
    *,
    force: bool = False,
    rewrite: bool = False,
    sections: Mapping[int, dict[str, Any] | None] | None = None,
) -> int:
    """Index annual reports (id -> canonical extraction id) whose sentences come from another extraction or
    are not indexed yet (all of them with `force`); returns how many were (re-)indexed. Runs in the caller's
    transaction, and reads only these reports' index rows; `sections` (extraction id -> sections) saves
    reading texts the caller already read.

    A re-indexed report's sentences are compared with those it has (difflib, by section and text): only the
    sentences that differ are deleted, inserted or rewritten, and one that only moved gets its new position.
    A new version of a report mostly says what the last one said, and every sentence written costs its
    trigrams in the index: re-tokenising a whole report for a corrected number made the index most of a
    refresh. `rewrite` deletes and re-inserts every sentence instead (`nianbao db rebuild`)."""
    stale = dict(canonical) if force or rewrite else stale_reports(conn, canonical)
    if not stale:
        return 0
    report_of = {extraction: report for report, extraction in stale.items()}
    known = dict(sections or {})
    known.update(sections_of(conn, [e for e in report_of if e not in known]))
    # Gone meanwhile (a forced re-extraction): no text until the next refresh indexes its successor.
    wanted = {report_of[e]: (e, split_sentences(known[e])) for e in sorted(report_of) if e in known}
    gone = sorted(r for r in stale if r not in wanted)
    for chunk in _chunks(gone, _BATCH):
        # Sentences first: the FTS triggers see each delete, whether or not foreign keys cascade.
        conn.execute(_sentence.delete().where(_sentence.c.annual_report_id.in_(chunk)))
        conn.execute(_text.delete().where(_text.c.annual_report_id.in_(chunk)))
    for chunk in _chunks(sorted(wanted), _BATCH):
        if rewrite:
            conn.execute(_sentence.delete().where(_sentence.c.annual_report_id.in_(chunk)))
            conn.execute(_text.delete().where(_text.c.annual_report_id.in_(chunk)))
            _write_texts(conn, {r: wanted[r] for r in chunk}, {}, set())
        else:
            _update_chunk(conn, {r: wanted[r] for r in chunk})
    return len(stale)


Indexed = tuple[int, list[tuple[str, str]]]  # (extraction id, [(section, sentence)])


def _update_chunk(conn: Connection, wanted: Mapping[int, Indexed]) -> None:
    """Bring these reports' sentences to `wanted`, writing only the sentences that differ."""
    reports = sorted(wanted)
    had = set(
        conn.execute(sa.select(_text.c.annual_report_id).where(_text.c.annual_report_id.in_(reports))).scalars()
    )
    old: dict[int, list[tuple[int, str, str]]] = {r: [] for r in reports}
    for report_id, sentence_id, section, sentence in conn.execute(
        sa.select(_sentence.c.annual_report_id, _sentence.c.id, _sentence.c.section, _sentence.c.sentence)
        .where(_sentence.c.annual_report_id.in_(reports))
        .order_by(_sentence.c.annual_report_id, _sentence.c.position)
    ).all():
        old[report_id].append((sentence_id, section, sentence))
    _write_texts(conn, wanted, old, had)


def _write_texts(
    conn: Connection, wanted: Mapping[int, Indexed], old: Mapping[int, list[tuple[int, str, str]]], had: set[int]
) -> None:
    """Text rows and sentences of these reports, from what they had (`old`: (id, section, sentence) in
    position order; `had`: the reports with a text row)."""
    deleted: list[int] = []
    moved: list[tuple[int, int]] = []  # (position, id)
    rewritten: list[tuple[str, int, str, int]] = []  # (section, position, sentence, id)
    inserted: list[tuple[int, str, int, str]] = []  # (report, section, position, sentence)
    for report_id, (_, new) in wanted.items():
        before = old.get(report_id, [])
        matcher = difflib.SequenceMatcher(None, [(s, t) for _, s, t in before], new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                moved += [(j1 + k, before[i1 + k][0]) for k in range(i2 - i1) if i1 != j1]
                continue
            pairs = min(i2 - i1, j2 - j1)
            for k in range(pairs):
                section, sentence = new[j1 + k]
                rewritten.append((section, j1 + k, sentence, before[i1 + k][0]))
            deleted += [before[i][0] for i in range(i1 + pairs, i2)]
            inserted += [(report_id, new[j][0], j, new[j][1]) for j in range(j1 + pairs, j2)]
    for chunk in _chunks(sorted(deleted), _BATCH):
        conn.execute(_sentence.delete().where(_sentence.c.id.in_(chunk)))
    texts = [
        {"annual_report_id": r, "extraction_id": e, "sentences": len(found)} for r, (e, found) in wanted.items()
    ]
    fresh = [t for t in texts if t["annual_report_id"] not in had]
    if fresh:
        conn.execute(_text.insert(), fresh)
    if kept := [t for t in texts if t["annual_report_id"] in had]:
        conn.execute(
            _text.update()
            .where(_text.c.annual_report_id == sa.bindparam("report"))
            .values(extraction_id=sa.bindparam("extraction"), sentences=sa.bindparam("count")),
            [
                {"report": t["annual_report_id"], "extraction": t["extraction_id"], "count": t["sentences"]}
                for t in kept
            ],
        )
    if moved:  # (SQLite's update trigger re-tokenises these too: it fires on any column)
        conn.exec_driver_sql(_driver_sql(conn, "UPDATE report_sentence SET position = ? WHERE id = ?"), moved)
    if rewritten:
        conn.exec_driver_sql(
            _driver_sql(conn, "UPDATE report_sentence SET section = ?, position = ?, sentence = ? WHERE id = ?"),
            rewritten,
        )
    _insert_sentences(conn, inserted)


def _driver_sql(conn: Connection, sql: str) -> str:
    """`?` placeholders in the driver's own style (SQLite qmark, psycopg format)."""
    return sql if conn.dialect.paramstyle == "qmark" else sql.replace("?", "%s")


def _insert_sentences(conn: Connection, rows: list[tuple[int, str, int, str]]) -> None:
    """Both databases in bulk (measured on 100,000 sentences): executemany sends PostgreSQL a statement per
    row (8 s), unnest'ed arrays one per batch; SQLite's executemany is fast, but FTS5 pays per statement, so
    a row trigger feeding it took 10 s where one INSERT ... SELECT of the new rows takes 1 s. (Deletes and
    updates do have triggers, migration 0004: a cascade from a vanished report must reach the index.)"""
    if not rows:
        return
    columns = "report_sentence (annual_report_id, section, position, sentence)"
    if conn.dialect.name == "postgresql":
        for part in _chunks(rows, _SENTENCE_BATCH):
            report, section, position, sentence = (list(c) for c in zip(*part, strict=True))
            conn.execute(
                sa.text(
                    f"INSERT INTO {columns} SELECT * FROM unnest(CAST(:report AS integer[]), "
                    "CAST(:section AS text[]), CAST(:position AS integer[]), CAST(:sentence AS text[]))"
                ),
                {"report": report, "section": section, "position": position, "sentence": sentence},
            )
        return
    # The new rows are those above the largest id before them: SQLite gives a table without AUTOINCREMENT
    # max(rowid) + 1, and this transaction holds the write lock.
    last = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM report_sentence").scalar_one()
    for part in _chunks(rows, _SENTENCE_BATCH):
        conn.exec_driver_sql(f"INSERT INTO {columns} VALUES (?, ?, ?, ?)", list(part))
    if _has_fts(conn):
        conn.exec_driver_sql(
            f"INSERT INTO {FTS_TABLE}(rowid, sentence) SELECT id, sentence FROM report_sentence WHERE id > ?", (last,)
        )


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- searching ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Backend:
    """How this database finds words: `indexed` when words of TRIGRAM characters or more use an index;
    `note` says why not when it cannot."""

    database: str
    indexed: bool
    note: str | None = None


def _has_fts(conn: Connection) -> bool:
    return conn.execute(sa.text("SELECT 1 FROM sqlite_master WHERE name = :t"), {"t": FTS_TABLE}).first() is not None


def backend(conn: Connection) -> Backend:
    if conn.dialect.name == "sqlite":
        if _has_fts(conn):
            return Backend("sqlite", True)
        return Backend(
            "sqlite",
            False,
            f"no {FTS_TABLE} table on this archive (its SQLite was older than 3.34, without the trigram "
            "tokenizer, when it was upgraded): every word is a full scan of the report sentences",
        )
    schema = conn.exec_driver_sql("SELECT current_schema()").scalar()
    has_index = conn.execute(
        sa.text("SELECT 1 FROM pg_indexes WHERE schemaname = :s AND indexname = :i"), {"s": schema, "i": TRIGRAM_INDEX}
    ).first()
    if not has_index:
        return Backend(
            "postgresql",
            False,
            "no pg_trgm index on this archive (the extension could not be "
            "created when it was upgraded): every word is a full scan of the report sentences",
        )
    lc_ctype = conn.exec_driver_sql("SHOW lc_ctype").scalar()
    if not conn.exec_driver_sql("SELECT array_length(show_trgm('信息公开'), 1) > 0").scalar():
        return Backend(
            "postgresql",
            False,
            f"the database's LC_CTYPE is {lc_ctype}, under which pg_trgm drops "
            "Chinese characters: every word is a full scan of the report sentences (correct, slower)",
        )
    return Backend("postgresql", True)


@dataclass(frozen=True)
class Hit:
    annual_report_id: int
    region: str
    agency: str
    year: int
    section: str
    sentence: str


COLUMNS = ("annual_report_id", "region", "agency", "year", "section", "sentence")


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    #: True when more sentences match than the limit let through.
    truncated: bool
    backend: Backend


def search(
    conn: Connection,
    words: Iterable[str],
    region: str | None = None,
    year: int | None = None,
    agency_ids: Iterable[int] | None = None,
    limit: int | None = None,
) -> SearchResult:
    """Sentences of annual reports containing every word (newest year first); `region` is a county, city or
    province, `agency_ids` one agency followed across the years (archive.agencies.find_agencies)."""
    conn = reading(conn)
    how = backend(conn)
    query = statement(how, words, region, year, agency_ids)
    if limit is not None:
        query = query.limit(limit + 1)
    hits = [Hit(*row) for row in conn.execute(query)]
    truncated = limit is not None and len(hits) > limit
    return SearchResult(hits[:limit] if truncated else hits, truncated, how)


def statement(
    how: Backend,
    words: Iterable[str],
    region: str | None = None,
    year: int | None = None,
    agency_ids: Iterable[int] | None = None,
) -> sa.Select[Any]:
    """The query `search` runs, with the columns of `Hit`."""
    terms = [normalise(w) for w in words]
    if not terms or not all(terms):
        raise ValueError("search needs at least one non-blank word")
    s, r, g = _sentence, _report, _agency
    query = (
        sa.select(r.c.id, g.c.region, g.c.name, r.c.year, s.c.section, s.c.sentence)
        .select_from(s.join(r, r.c.id == s.c.annual_report_id).join(g, g.c.id == r.c.agency_id))
        .where(*_conditions(terms, how))
        .order_by(r.c.year.desc(), g.c.region, g.c.name, s.c.position)
    )
    if region is None and year is None and agency_ids is None:
        return query
    # The selected reports first, then their sentences by index: a region is a few hundred reports of a
    # country's 100,000, and a short word would otherwise scan every sentence before the join drops them.
    chosen = sa.select(r.c.id).join(g, g.c.id == r.c.agency_id)
    if region:
        chosen = chosen.where(sa.or_(g.c.region == region, g.c.city == region, g.c.province == region))
    if year is not None:
        chosen = chosen.where(r.c.year == year)
    if agency_ids is not None:
        chosen = chosen.where(r.c.agency_id.in_(sorted(set(agency_ids))))
    return query.where(s.c.annual_report_id.in_(chosen))


def _conditions(terms: list[str], how: Backend) -> list[sa.ColumnElement[bool]]:
    """One condition per word (all must hold), each the fastest the database offers for a word that long."""
    long_words = [t for t in terms if len(t) >= TRIGRAM] if how.indexed else []
    short_words = [t for t in terms if t not in long_words]
    conditions: list[sa.ColumnElement[bool]] = []
    if how.database == "sqlite":
        if long_words:
            # One FTS5 query for every long word: each a quoted string, which the trigram tokenizer matches
            # as a substring ("" is a literal quote inside one).
            match = " AND ".join('"' + t.replace('"', '""') + '"' for t in long_words)
            conditions.append(
                _sentence.c.id.in_(
                    sa.select(sa.column("rowid"))
                    .select_from(sa.table(FTS_TABLE))
                    .where(sa.text(f"{FTS_TABLE} MATCH :match").bindparams(match=match))
                )
            )
        conditions += [_sentence.c.sentence.like(_contains(t), escape="\\") for t in short_words]
    else:
        conditions += [_sentence.c.sentence.ilike(_contains(t), escape="\\") for t in long_words]
        conditions += [_scan(t) for t in short_words]
    return conditions


def _contains(word: str) -> str:
    return "%" + _LIKE_SPECIAL.sub(r"\\\1", word) + "%"


def _scan(word: str) -> sa.ColumnElement[bool]:
    """A substring test no index serves: a plain scan, chosen where an index would only slow things down."""
    return sa.func.strpos(sa.func.lower(_sentence.c.sentence), word.lower()) > 0
