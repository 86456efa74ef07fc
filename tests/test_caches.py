"""The on-disk caches of compiled rules (rxcache) and gazetteer indexes (datacache): reused by
the next process, rebuilt when their sources change, never trusted when damaged."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from qcdc_extract import datacache, rxcache

RULE = r"(?P<d>\d{1,2})\s?/\s?(?P<m>\d{1,2})\s?/\s?(?P<y>20\d\d)"


def run_python(code: str, cache) -> subprocess.CompletedProcess:
    env = dict(os.environ, QCDC_CACHE=str(cache))
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True)


def test_a_compiled_rule_is_read_back_by_the_next_process_without_compiling(tmp_path):
    first = run_python(f"""
        from qcdc_extract import rxcache
        assert rxcache.compile(r"{RULE}").search("Ngày 5/4/2022").group("y") == "2022"
        rxcache.save()
    """, tmp_path)
    assert first.returncode == 0, first.stderr
    second = run_python(f"""
        import regex
        from qcdc_extract import rxcache
        def refuse(*a, **k):
            raise AssertionError("compiled again")
        regex.compile = refuse
        m = rxcache.compile(r"{RULE}").search("Chiều ngày 12/9/2023, xã họp")
        assert (m["d"], m["m"], m["y"]) == ("12", "9", "2023")
    """, tmp_path)
    assert second.returncode == 0, second.stderr


def fresh_process(monkeypatch):
    """rxcache as a new process finds it: nothing loaded, used or compiled yet."""
    monkeypatch.setattr(rxcache, "_patterns", None)
    monkeypatch.setattr(rxcache, "_used", set())
    monkeypatch.setattr(rxcache, "_new", 0)


def test_a_damaged_cache_is_compiled_afresh_and_replaced(tmp_path, monkeypatch):
    monkeypatch.setenv("QCDC_CACHE", str(tmp_path))
    path = rxcache.cache_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a pickle")
    fresh_process(monkeypatch)
    assert rxcache.compile(RULE).search("ngày 1/2/2021")
    rxcache.save()
    assert path.read_bytes() != b"not a pickle"


def test_the_cache_keeps_what_was_used_and_stays_bounded(tmp_path, monkeypatch):
    """Patterns built from sets are the same text in every process (else each run would add
    its own spelling of them), and a file past MAX_ENTRIES is cut back to what was used."""
    monkeypatch.setenv("QCDC_CACHE", str(tmp_path))
    monkeypatch.setattr(rxcache, "MAX_ENTRIES", 3)
    fresh_process(monkeypatch)
    for year in range(2010, 2016):
        rxcache.compile(rf"năm {year}")
    rxcache.save()
    fresh_process(monkeypatch)
    assert rxcache.compile(r"năm 2015").search("trong năm 2015")  # read back: it was used
    rxcache.save()  # six entries on disk, more than MAX_ENTRIES: cut back
    import pickle

    kept = pickle.loads(rxcache.cache_file().read_bytes())
    assert len(kept) == 3 and ("năm 2015", 0) in kept


def test_set_built_patterns_do_not_depend_on_the_hash_seed(tmp_path):
    code = """
        from qcdc_extract import scan
        from qcdc_extract.officials.lexicon import lexicon
        print(scan.first_words(["Nghị quyết", "Quyết định", "Chỉ thị", "Kế hoạch", "Thông báo"], ignore_case=False).pattern)
        print(lexicon().abbr.pattern, lexicon().org.pattern, lexicon().head.pattern)
    """
    outputs = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, QCDC_CACHE="off", PYTHONHASHSEED=seed)
        done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("QCDC_CACHE", "off")
    assert rxcache.cache_file() is None
    fresh_process(monkeypatch)
    assert rxcache.compile(RULE).search("ngày 1/2/2021")
    rxcache.save()  # nothing to write to, no error


def test_an_index_is_rebuilt_when_its_file_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("QCDC_CACHE", str(tmp_path / "cache"))
    source = tmp_path / "units.tsv"
    source.write_text("code\tname\n18811\tKỳ Châu\n", encoding="utf-8")
    builds = []

    @datacache.on_disk(lambda: [source])
    def index(era):
        builds.append(era)
        return {line.split("\t")[0]: line.split("\t")[1] for line in source.read_text(encoding="utf-8").splitlines()[1:]}

    assert index("legacy") == {"18811": "Kỳ Châu"}
    index.cache_clear()  # a new process: the result comes from disk
    assert index("legacy") == {"18811": "Kỳ Châu"} and builds == ["legacy"]
    index.cache_clear()
    source.write_text("code\tname\n18811\tKỳ Châu\n18814\tKỳ Tân\n", encoding="utf-8")
    assert index("legacy") == {"18811": "Kỳ Châu", "18814": "Kỳ Tân"} and builds == ["legacy", "legacy"]
    index.cache_clear()
    assert index("2025") and builds[-1] == "2025"  # each argument its own entry
    index.cache_clear()
    assert index("legacy") and builds.count("legacy") == 2  # the other era's entry stayed


def counting_index(tmp_path, monkeypatch):
    """An on-disk index of one source file whose value is how many times it was built."""
    monkeypatch.setenv("QCDC_CACHE", str(tmp_path / "cache"))
    source = tmp_path / "units.tsv"
    source.write_text("x", encoding="utf-8")
    builds = []

    @datacache.on_disk(lambda: [source])
    def index():
        builds.append(1)
        return len(builds)

    return index, builds


def test_a_damaged_index_is_rebuilt(tmp_path, monkeypatch):
    index, builds = counting_index(tmp_path, monkeypatch)
    index()
    for part in (tmp_path / "cache").glob("*.pickle"):
        part.write_bytes(b"\x80\x04garbage")
    index.cache_clear()
    assert index() == 2 and len(builds) == 2


@pytest.mark.parametrize("era", ["legacy", "2025"])
def test_gazetteer_indexes_from_the_cache_equal_a_fresh_build(era):
    from qcdc_extract import gazetteer

    cached = gazetteer.load_units(era)
    fresh = gazetteer.load_units.uncached(era)
    assert cached.by_code == fresh.by_code and cached.by_type_name == fresh.by_type_name


def test_an_index_is_rebuilt_when_the_package_code_changes(tmp_path, monkeypatch):
    index, _ = counting_index(tmp_path, monkeypatch)
    assert index() == 1
    index.cache_clear()
    assert index() == 1  # from disk
    index.cache_clear()
    monkeypatch.setattr(datacache, "_code_digest", lambda: "edited")
    assert index() == 2  # the code changed: built again
