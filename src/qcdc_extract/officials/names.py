"""Names: runs of capitalised syllables split into a place, a title and a person's name."""
from __future__ import annotations

from dataclasses import dataclass

from qcdc_extract.officials.lexicon import Lexicon, not_officials
from qcdc_extract.officials.lexicon import places as known_places
from qcdc_extract.rules import officials as R
from qcdc_extract.vi import key


@dataclass
class _Name:
    start: int
    end: int
    known: bool                  # a known family name, or NER said PER
    honorific: str | None = None
    hon_start: int | None = None


def _names(text: str, lex: Lexicon) -> list[_Name]:
    """Every name-like stretch of capitalised syllables, with any honorific before it."""
    out = []
    for run in R.CAP_RUN.finditer(text):
        syl = [(s.start(), s.end()) for s in R.RUN_SYLLABLE.finditer(text, run.start(), run.end())]
        # A sentence run on after a name whose full stop the page lost: "Trưởng Ban Dân nguyện
        # Nguyễn Thanh Hải Các kiến nghị của cử tri ..." ("Các" opens the next sentence).
        while len(syl) > 2 and text[syl[-1][0]: syl[-1][1]].casefold() in lex.sentence_start:
            syl.pop()
        i, hon = 0, None
        if len(syl) >= 3 and R.HONORIFIC_WORD.fullmatch(text, syl[0][0], syl[0][1]):
            hon, i = (text[syl[0][0]: syl[0][1]].casefold(), syl[0][0]), 1
        elif len(syl) >= 4 and key(text[syl[0][0]: syl[1][1]]) == "đồng chí":
            hon, i = ("đồng chí", syl[0][0]), 2
        seg_start = j = i
        while j < len(syl):
            s, e = syl[j]
            if text[s:e].casefold() in lex.first_syllables:
                head = lex.head_at(text, s)
                if head:
                    _segment(text, syl[seg_start:j], lex, hon, out)
                    hon = None
                    j += 1
                    while j < len(syl) and syl[j][0] < head[0]:
                        j += 1
                    seg_start = j
                    continue
            j += 1
        _segment(text, syl[seg_start:], lex, hon if seg_start == i else None, out)
    return out


def _segment(text: str, syl: list, lex: Lexicon, hon, out: list) -> None:
    """The name in a run of capitalised syllables with no title inside, if any."""
    n = len(syl)
    if n < 2:
        return
    lo = max(0, syl[0][0] - 24)
    unit = lex.place_before.search(text, lo, syl[0][0])
    landmark = lex.landmark_before.search(text, lo, syl[0][0])
    # "đường Nguyễn Văn Linh", "Trường THCS Lê Văn Thiêm": not a person here; but the
    # landmark word may end a longer word: "thành phố Hà Nội Nguyễn Đức Chung" (a unit),
    # "Phòng Tài nguyên và Môi trường Lê Văn Hiền" (a compound, not_unit in title_ends.tsv).
    if landmark and not (unit and unit.start() < landmark.start()) and not lex.not_unit_before.search(text, lo, syl[0][0]):
        return
    after_unit = bool(unit)
    if ((after_unit or R.NAMED_AFTER_BEFORE.search(text, lo, syl[0][0]))
            and key(text[syl[0][0]: syl[-1][1]]) in not_officials()):
        return  # a body or place named after a leader: "Đoàn TNCS Hồ Chí Minh xã", "Thành phố Hồ Chí Minh"
    after_place = after_unit or bool(R.COMMITTEE_BEFORE.search(text, max(0, syl[0][0] - 6), syl[0][0]))
    places = None
    best, best_score = None, -9.0
    for i in range(n - 1):
        size = n - i
        if size > 5 or text[syl[i][0]: syl[i][1]].casefold() not in lex.families:
            continue
        places = places if places is not None else known_places()
        # A place before the name: "xã Cẩm Hưng Nguyễn Văn Lương", "Hà Tĩnh Hoàng Trung Dũng";
        # one syllable is a place only after a unit word ("Hồ" is a town, "Hồ Văn Mười" a man).
        prefix_known = i > 0 and (i > 1 or after_unit) and key(text[syl[0][0]: syl[i - 1][1]]) in places
        # The capitalised end of an organisation before the name: "Ủy ban Trung ương Mặt trận
        # Tổ quốc Việt Nam Nguyễn Thiện Nhân", "Bí thư Trung ương Đảng Nguyễn Văn Trân".
        prefix_known = prefix_known or (i > 0 and bool(lex.not_name.fullmatch(text, syl[0][0], syl[i - 1][1])))
        if i > 0 and not (prefix_known or after_place):
            continue
        if size == 2 and hon is None and (key(text[syl[i][0]: syl[-1][1]]) in places or (after_unit and i == 0)):
            continue  # "Hà Tĩnh", "thôn Lê Xá": a place
        score = {2: 0.5, 3: 2.0, 4: 1.0, 5: 0.0}[size] + (3.0 if prefix_known else 0.0)
        if i == 0 and after_place and hon is None:
            score -= 1.0
        if score > best_score:
            best, best_score = i, score
    if best is not None:
        out.append(_Name(syl[best][0], syl[-1][1], True, *(hon or (None, None))))
    elif ((3 if after_unit else 2) <= n <= 5 and not (after_place and not after_unit)
          and not lex.org.match(text, syl[0][0])
          and not lex.not_name.match(text, syl[0][0])
          and key(text[syl[0][0]: syl[-1][1]]) not in (places if places is not None else known_places())):
        # no known family name: NER may still call it a person ("Y Bhin Niê"); never the
        # start of an organisation ("Ban Chấp hành", "Hội Phụ nữ"), a place or "Việt Nam";
        # after a unit word only from three syllables ("thôn Bắc Châu" is a village,
        # "Trưởng buôn Y Bhin Niê" a man).
        out.append(_Name(syl[0][0], syl[-1][1], False, *(hon or (None, None))))
