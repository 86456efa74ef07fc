"""Coverage answers like the list scans it replaces, whatever the spans (hypothesis)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qcdc_extract.spans import Coverage, any_between

span = st.tuples(st.integers(0, 200), st.integers(0, 60)).map(lambda t: (t[0], t[0] + t[1]))


@settings(max_examples=400, deadline=None)
@given(st.lists(span, max_size=30), st.lists(span, max_size=30), span)
def test_overlaps_and_covers_agree_with_a_scan(first, later, query):
    cov = Coverage(first)
    spans = [s for s in first if s[1] > s[0]]
    for s, e in later:
        cov.add(s, e)
        if e > s:
            spans.append((s, e))
    qs, qe = query
    assert cov.overlaps(qs, qe) == (qe > qs and any(s < qe and qs < e for s, e in spans))
    if qe > qs:
        covered = {i for s, e in spans for i in range(s, e)}
        assert cov.covers(qs, qe) == all(i in covered for i in range(qs, qe))
    starts = [s for s, _ in cov]
    assert starts == sorted(starts)
    assert all(e1 < s2 for (_, e1), (s2, _) in zip(list(cov), list(cov)[1:]))  # disjoint, merged


@given(st.lists(st.integers(0, 100), max_size=40).map(sorted), st.integers(0, 100), st.integers(0, 100))
def test_any_between(positions, lo, hi):
    assert any_between(positions, lo, hi) == any(lo < p < hi for p in positions)


def test_touching_spans_do_not_overlap():
    cov = Coverage([(0, 5)])
    assert not cov.overlaps(5, 9) and cov.overlaps(4, 9) and not cov.overlaps(3, 3)
