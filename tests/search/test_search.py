"""`nianbao search` on SQLite and PostgreSQL: Chinese words of every length, the filters, an index that follows
every refresh, and PostgreSQL's fallbacks when pg_trgm cannot see Chinese (a C LC_CTYPE) or is missing."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from nianbao.archive import Archive, schema
from nianbao.archive.annual import refresh
from nianbao.archive.database import make_engine
from nianbao.archive.search import backend, search, statement
from nianbao.models.search import FTS_TABLE, TRIGRAM_INDEX
from tests.annual.helpers import WENSHANG, full_cells, publish, rows
from tests.archive.helpers import nianbao

BASE = "http://www.wenshang.gov.cn/art/2025/1/20/"
LINQU = {"province": "山东省", "city": "潍坊市", "county": "临朐县"}

OVERVIEW = "本机关坚持以公开为常态、不公开为例外。全年主动公开政府信息 1259 条，办结率达到 100%。"
REVIEW = "全年发生政府信息公开行政复议 2 件，行政诉讼 1 件；无被纠错情况。"
PROBLEMS = "存在的问题：部分 PDF 附件不规范\n改进措施：加强培训。"


def report(
    archive: Archive, name: str, agency: str, year: int, region: dict[str, str] | None = None, **sections: str
) -> int:
    return publish(
        archive,
        BASE + name,
        agency=agency,
        year=year,
        published=f"{year + 1}-01-20",
        cells=full_cells(1),
        region=region or WENSHANG,
        sections=sections,
    )


def sentences(archive: Archive, *words: str, **filters: Any) -> list[tuple[str, int, str]]:
    with archive.engine.connect() as conn:
        return [(h.agency, h.year, h.sentence) for h in search(conn, words, **filters).hits]


def test_words_of_every_length(archive: Archive) -> None:
    report(archive, "a.html", "汶上县人民政府", 2024, overview=OVERVIEW, review_litigation=REVIEW, problems=PROBLEMS)
    report(archive, "b.html", "汶上县人民政府", 2023, overview="本机关全年未收到行政复议申请。")
    refresh(archive)
    review = ("汶上县人民政府", 2024, "全年发生政府信息公开行政复议2件，行政诉讼1件；")
    older = ("汶上县人民政府", 2023, "本机关全年未收到行政复议申请。")
    assert sentences(archive, "复议") == [review, older]  # two characters, newest year first
    assert sentences(archive, "诉") == [review]  # one character
    assert sentences(archive, "行政复议") == [review, older]  # the trigram index
    assert sentences(archive, "复议", "诉讼") == [review]  # every word, in one sentence
    assert sentences(archive, "行政复议", "收到") == [older]  # long and short words together
    assert sentences(archive, "复议", "培训") == []
    assert sentences(archive, "公开行政 复议") == [review]  # white space beside Chinese means nothing
    assert sentences(archive, "pdf附件") == [("汶上县人民政府", 2024, "存在的问题：部分PDF附件不规范")]
    assert sentences(archive, "%") == [("汶上县人民政府", 2024, "全年主动公开政府信息1259条，办结率达到100%。")]
    assert sentences(archive, "_") == []  # LIKE wildcards are literal characters
    assert sentences(archive, '"复议') == []  # so are FTS5 quotes
    with pytest.raises(ValueError, match="non-blank"):
        sentences(archive, " ")


def test_filters_and_output(archive: Archive, capsysbinary: Any) -> None:
    report(archive, "a.html", "汶上县人民政府", 2024, overview="汶上县依法推进政务公开。")
    report(archive, "b.html", "汶上县人民政府", 2023, overview="汶上县上年推进政务公开。")
    report(archive, "c.html", "汶上县南站镇人民政府", 2024, overview="南站镇推进政务公开。")
    report(archive, "d.html", "临朐县人民政府", 2024, region=LINQU, overview="临朐县推进政务公开。")
    refresh(archive)  # as every writing command does before it ends; `nianbao search` only reads

    def found(*args: str) -> list[tuple[str, int, str]]:
        code, out, err = nianbao(capsysbinary, "search", "公开", *args, "--format", "json")
        assert code == 0, err
        return [(r["agency"], r["year"], r["region"]) for r in json.loads(out)]

    assert found() == [
        ("临朐县人民政府", 2024, "临朐县"),
        ("汶上县人民政府", 2024, "汶上县"),
        ("汶上县南站镇人民政府", 2024, "汶上县"),
        ("汶上县人民政府", 2023, "汶上县"),
    ]
    assert found("--region", "汶上县", "--year", "2024") == [
        ("汶上县人民政府", 2024, "汶上县"),
        ("汶上县南站镇人民政府", 2024, "汶上县"),
    ]
    assert found("--region", "潍坊市") == [("临朐县人民政府", 2024, "临朐县")]  # a city
    assert found("--agency", "汶上县人民政府") == [
        ("汶上县人民政府", 2024, "汶上县"),
        ("汶上县人民政府", 2023, "汶上县"),
    ]
    assert found("--agency", "南站镇", "--region", "汶上县") == [("汶上县南站镇人民政府", 2024, "汶上县")]

    code, out, err = nianbao(capsysbinary, "search", "政务", "--year", "2023", "--format", "csv")
    assert (code, out.decode()) == (
        0,
        "annual_report_id,region,agency,year,section,sentence\n"
        f"{_report_id(archive, 2023)},汶上县,汶上县人民政府,2023,overview,"
        "汶上县上年推进政务公开。\n",
    ), err
    code, out, err = nianbao(capsysbinary, "search", "推进", "政务", "--region", "临朐县")
    text = out.decode()
    assert code == 0 and "临朐县人民政府" in text and "临朐县推进政务公开。" in text and "汶上" not in text, err
    assert "(1 sentence in 1 annual report)" in text
    code, out, err = nianbao(capsysbinary, "search", "公开", "--limit", "1", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 1 and "only the first 1 sentences" in err
    code, out, err = nianbao(capsysbinary, "search", "公开", "--limit", "2")
    assert code == 0 and "(the first 2 sentences in 2 annual reports; --limit 0: all)" in out.decode(), err

    assert nianbao(capsysbinary, "search", "公开", "--agency", "不存在局")[0] == 1
    assert nianbao(capsysbinary, "search", " ")[0] == 2
    assert nianbao(capsysbinary, "search", "公开", "--limit", "-1")[0] == 2
    assert nianbao(capsysbinary, "search")[0] == 2


def test_the_sentences_view_for_sql(archive: Archive, capsysbinary: Any) -> None:
    report(archive, "a.html", "汶上县人民政府", 2024, overview=OVERVIEW, review_litigation=REVIEW)
    refresh(archive)
    code, out, err = nianbao(
        capsysbinary,
        "sql",
        "SELECT agency, year, section, position, sentence FROM report_sentences WHERE sentence LIKE '%复议%'",
        "--format",
        "json",
    )
    assert code == 0, err
    assert json.loads(out) == [
        {
            "agency": "汶上县人民政府",
            "year": 2024,
            "section": "review_litigation",
            "position": 2,
            "sentence": "全年发生政府信息公开行政复议2件，行政诉讼1件；",
        }
    ]


def _report_id(archive: Archive, year: int) -> int:
    (row,) = rows(archive, "SELECT annual_report_id FROM annual_reports WHERE year = :y", y=year)
    return row["annual_report_id"]


def test_the_index_follows_every_refresh(archive: Archive) -> None:
    report(archive, "a.html", "汶上县人民政府", 2024, overview="第一版写的是旧句子。")
    refresh(archive)
    before = rows(archive, "SELECT id, sentence FROM report_sentence")
    refresh(archive)  # nothing changed: nothing rewritten
    assert rows(archive, "SELECT id, sentence FROM report_sentence") == before

    report(archive, "a.html", "汶上县人民政府", 2024, overview="更正后写的是新句子。")  # a new version
    refresh(archive)
    assert sentences(archive, "旧句") == [] and sentences(archive, "旧句子") == []
    assert sentences(archive, "新句子") == [("汶上县人民政府", 2024, "更正后写的是新句子。")]

    publish(archive, BASE + "a.html", agency=None, year=None, title="关于报送年度报告的通知")  # no longer a report
    refresh(archive)
    assert rows(archive, "SELECT count(*) AS n FROM annual_report") == [{"n": 0}]
    assert rows(archive, "SELECT count(*) AS n FROM report_sentence") == [{"n": 0}]
    assert sentences(archive, "新句子") == []
    if archive.engine.dialect.name == "sqlite":  # the FTS table agrees with its content table
        with archive.engine.begin() as conn:
            conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('integrity-check')")


def test_long_words_are_index_lookups(archive: Archive) -> None:
    report(archive, "a.html", "汶上县人民政府", 2024, review_litigation=REVIEW)
    refresh(archive)
    with archive.engine.begin() as conn:
        how = backend(conn)
        assert how.indexed and how.note is None
        query = statement(how, ["行政复议"]).compile(conn, compile_kwargs={"literal_binds": True})
        if conn.dialect.name == "sqlite":
            plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {query}"))
            assert f"SCAN {FTS_TABLE} VIRTUAL TABLE INDEX" in plan, plan
        else:
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            plan = " ".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {query}"))
            assert TRIGRAM_INDEX in plan, plan


@pytest.fixture
def c_locale_url(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A PostgreSQL archive whose LC_CTYPE is C: pg_trgm makes no trigram of a Chinese character there."""
    server = request.getfixturevalue("postgres_server")
    name = f"{server.prefix}_search_c_{uuid.uuid4().hex[:8]}"
    server.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C' LC_COLLATE 'C'")
    url = server.url(name)
    monkeypatch.setenv("NIANBAO_DATABASE_URL", url)
    yield url
    server.drop_database(name)


def test_postgresql_c_locale_scans_and_says_why(c_locale_url: str, capsysbinary: Any) -> None:
    with Archive.open(c_locale_url) as archive:
        report(archive, "a.html", "汶上县人民政府", 2024, review_litigation=REVIEW)
        refresh(archive)
        with archive.engine.connect() as conn:
            assert conn.exec_driver_sql("SHOW lc_ctype").scalar() == "C"
            how = backend(conn)
    assert not how.indexed and "LC_CTYPE is C" in (how.note or "")
    for word in ("复议", "行政复议"):
        code, out, err = nianbao(capsysbinary, "search", word, "--format", "json")
        assert code == 0 and [r["sentence"] for r in json.loads(out)] == [
            "全年发生政府信息公开行政复议2件，行政诉讼1件；"
        ]
        assert "LC_CTYPE is C, under which pg_trgm drops Chinese characters" in err


def test_without_the_index_search_scans_and_says_why(archive: Archive, capsysbinary: Any) -> None:
    report(archive, "a.html", "汶上县人民政府", 2024, review_litigation=REVIEW)
    refresh(archive)
    with archive.engine.begin() as conn:  # as when SQLite lacked the trigram tokenizer or pg_trgm was missing
        if conn.dialect.name == "sqlite":
            for trigger in ("delete", "update"):
                conn.exec_driver_sql(f"DROP TRIGGER {FTS_TABLE}_{trigger}")
            conn.exec_driver_sql(f"DROP TABLE {FTS_TABLE}")
            expected = f"no {FTS_TABLE} table on this archive"
        else:
            conn.exec_driver_sql(f"DROP INDEX {TRIGRAM_INDEX}")
            expected = "no pg_trgm index on this archive"
    for word in ("复议", "行政复议"):
        code, out, err = nianbao(capsysbinary, "search", word, "--format", "json")
        assert code == 0 and len(json.loads(out)) == 1 and expected in err, err


def test_an_archive_upgraded_from_0003_is_searchable(empty_database_url: str, capsysbinary: Any) -> None:
    engine = make_engine(empty_database_url)
    schema.upgrade(engine, "0003")
    old = Archive(engine)
    report(old, "a.html", "汶上县人民政府", 2024, review_litigation=REVIEW)
    old.close()
    code, out, err = nianbao(capsysbinary, "db", "upgrade")
    assert code == 0, err
    code, out, err = nianbao(capsysbinary, "search", "复议", "--format", "json")
    assert code == 0 and [r["agency"] for r in json.loads(out)] == ["汶上县人民政府"], err
    with Archive.open(empty_database_url) as archive, archive.engine.connect() as conn:
        assert (conn.dialect.name == "sqlite") == (FTS_TABLE in sa.inspect(conn).get_table_names())
