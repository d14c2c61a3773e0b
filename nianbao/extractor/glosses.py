"""What mirror sites add to a report's text and a reader skips: pinyin after characters, "?" for lost ones.

Some mirrors of government pages print a reading after many characters ("年度報(bào)告", "發(fā)布時(shí)間"), which
splits every label and phrase the extractor looks for; the copy then also shows characters it could not
encode as "?" ("共?1340條?"), glued to the numbers. A reader passes over both, and so does the extractor: a
reading is taken out only when it carries a tone mark (so "(a)" or "(PDF)" stay), a "?" only between a
Chinese character and a digit.
"""

from __future__ import annotations

import dataclasses
import re

from nianbao.extractor.layout import Layout

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_READING = re.compile(rf"(?<=[\u4e00-\u9fff])[(（](?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,7}}[)）]")
_LOST = re.compile(r"(?<=[\u4e00-\u9fff])\?(?=[0-9])|(?<=[0-9])\?(?=[\u4e00-\u9fff])")


def without_glosses(text: str) -> str:
    return _LOST.sub("", _READING.sub("", text))


def unglossed(layout: Layout) -> Layout:
    """The layout without pinyin readings and lost-character marks; unchanged if it has neither."""
    if not _READING.search(layout.text()) and not _LOST.search(layout.text()):
        return layout
    out = layout.map_text(without_glosses)
    if _READING.search(layout.text()):
        out = dataclasses.replace(out, warnings=[*out.warnings, "pinyin readings after characters skipped"])
    return out
