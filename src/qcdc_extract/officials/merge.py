"""Mentions: names joined to the titles next to them, then every mention of one person merged."""
from __future__ import annotations

from dataclasses import dataclass

import regex

from qcdc_extract.officials.fact import Official
from qcdc_extract.officials.lexicon import Lexicon
from qcdc_extract.officials.names import _Name
from qcdc_extract.officials.titles import _Chain, _Titles, _positions_of, _title_of
from qcdc_extract.rules import officials as R
from qcdc_extract.vi import key

# How far before a name a title that ends at it may start.
LEFT_WINDOW = 260


@dataclass
class _Mention:
    name: _Name
    start: int
    end: int
    honorific: str | None
    left: _Chain | None = None
    right: _Chain | None = None
    bridge: str = ""             # what joined a left title to the name ("", ",", ":")
    elected: bool = False        # the right title came after an election verb ("được bầu làm")

    @property
    def chains(self) -> list[_Chain]:
        return [c for c in (self.left, self.right) if c]


def _left_chain(text: str, start: int, titles: _Titles, lex: Lexicon, claimed=(), window=LEFT_WINDOW):
    """The longest title chain that ends right before `start` (bridged by ",", ":" or "là")."""
    lo = max(0, start - window)
    for m in titles.head_starts(lo, start):
        chain = titles.chain(m)
        if chain is None or chain.end > start:
            continue
        bridge = R.LEFT_BRIDGE.fullmatch(text, chain.end, start)
        if bridge and (chain.at_name in (None, start)):
            sep = bridge.group().strip()
            if sep and any(a <= chain.start < b for a, b in claimed):
                continue  # the title after an earlier name: "A - Bí thư Huyện ủy, B - ..."
            return chain, sep
    return None




def _read(text: str, names: list[_Name], titles: _Titles, lex: Lexicon) -> list[_Mention]:
    mentions = []
    for name in names:
        hon, hon_start = name.honorific, name.hon_start
        if hon is None:
            m = R.HONORIFIC_BEFORE.search(text, max(0, name.start - 16), name.start)
            if m:
                hon, hon_start = m["hon"].casefold(), m.start("hon")
        hon = R.HONORIFICS.get(" ".join(hon.split())) if hon else None
        mention = _Mention(name, hon_start if hon_start is not None else name.start, name.end, hon)
        m = R.RIGHT_JOIN.match(text, name.end)
        if m:
            sep = m["sep"] or m["sep2"] or m["elected"]
            strong = sep in ("-", "–", "—", "(")
            chain = titles.chain(m.end(), unknown_head=strong and hon is not None)
            if (chain and sep == "," and R.PREDICATE_AFTER.match(text, chain.end)
                    and lex.citizen_before.search(text, max(0, mention.start - 20), mention.start)):
                # "gia đình bà Phan Thị Cúc, Chủ tịch UBND tỉnh giao ...": a household named
                # by its head is a citizen; the title after the comma is the subject of the
                # next clause (a predicate follows it).
                chain = None
            if chain and sep != ":":
                if sep == "(":
                    close = regex.match(r"[ \t]*\)", text[chain.end: chain.end + 4])
                    if close:
                        mention.right, mention.end = chain, chain.end + close.end()
                elif chain.at_name is None:
                    mention.right, mention.end = chain, chain.end
                    mention.elected = bool(m["elected"])
                    e = R.ELECTED_AFTER.match(text, chain.end)
                    new = titles.chain(e.end()) if e else None
                    if new and new.at_name is None:
                        mention.right, mention.end, mention.elected = new, new.end, True
        mentions.append(mention)
    # "ông A và bà B tiếp tục được bầu làm Phó Chủ tịch UBND xã": A is elected too.
    for i in range(len(mentions) - 1, 0, -1):
        prev, cur = mentions[i - 1], mentions[i]
        if cur.elected and not prev.chains and R.CO_ELECTED.fullmatch(text, prev.end, cur.start):
            prev.right, prev.elected = cur.right, True
    claimed = [(m.right.start, m.right.end) for m in mentions if m.right]
    for mention in mentions:
        found = _left_chain(text, mention.start, titles, lex, claimed)
        if found:
            mention.left, mention.bridge = found
            mention.start = found[0].start
    # "các đồng chí Phó Chủ tịch UBND huyện: Nguyễn Văn A, Trần Văn B và Lê Thị C".
    for prev, cur in zip(mentions, mentions[1:]):
        if cur.chains or not prev.left or prev.right or prev.bridge != ":":
            continue
        if regex.fullmatch(r"[ \t]*(?:,|và|;)[ \t]*", text[prev.end: cur.start]):
            cur.left, cur.bridge = prev.left, ":"
    return mentions


def _merge(text: str, mentions: list[_Mention], lex: Lexicon, author: str | None) -> list[Official]:
    """One official per person: every mention's span, the fullest title, the first honorific."""
    authors = {key(a) for a in regex.split(r"\s*(?:[-–,&]|\bvà\b)\s*", author or "") if a.strip()}
    groups: dict[str, list[_Mention]] = {}
    for m in mentions:
        groups.setdefault(key(text[m.name.start: m.name.end]), []).append(m)
    out = []
    for name_key, group in groups.items():
        if name_key in authors or not any(m.chains for m in group):
            continue
        group.sort(key=lambda m: m.start)
        best_title, best_positions, best_size = None, [], -1
        for m in group:
            if not m.chains:
                continue
            title = ", ".join(_title_of(text, c) for c in m.chains)
            size = len(title.split())
            if size > best_size:
                positions = [p for c in m.chains for p in _positions_of(text, lex, c)]
                best_title, best_positions, best_size = title, positions, size
        first = group[0]
        out.append(Official(
            start=first.start, end=first.end, surface=text[first.start: first.end],
            name=" ".join(text[first.name.start: first.name.end].split()),
            title=best_title, positions=best_positions,
            honorific=next((m.honorific for m in group if m.honorific), None),
            mentions=[{"start": m.start, "end": m.end} for m in group],
        ))
    out.sort(key=lambda o: o.start)
    return out
