"""The command line: a thin click layer over the library."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from qcdc_extract import __version__
from qcdc_extract.settings import ENGINES, FAVOR, TONE_MARKS, Options, defaults


def quiet_option(f):
    return click.option("--quiet", "-q", is_flag=True, help="No progress bar, only errors and the summary.")(f)


def verbose_option(f):
    return click.option("--verbose", "-v", count=True, help="More log output on stderr (-vv for debug).")(f)


class Count(click.IntRange):
    """A whole number with a lower bound, its bound said in the help text, not as "x>=1"."""

    name = "integer"

    def _describe_range(self) -> str:
        return ""


class Seconds(click.FloatRange):
    """Seconds, not negative (see Count)."""

    name = "seconds"

    def _describe_range(self) -> str:
        return ""


def _default(name: str) -> str:
    """ "(default: 250)", from the bundled settings file."""
    return f"(default: {defaults()[name]})"


def _interactive() -> bool:
    """Whether a person watches stderr (a progress bar would only clutter a log file)."""
    return sys.stderr.isatty()


def _unexpected(exc: BaseException, what: str) -> click.ClickException:
    """A clear message for an error no check foresaw: what happened, never a traceback
    (logged at debug level, shown with -vv)."""
    logging.getLogger("qcdc_extract").debug("%s", what, exc_info=exc)
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return click.ClickException(f"{what}: {exc.strerror or exc}{where}; the batches committed so far are "
                                    "kept: fix this and rerun the same command to go on")
    return click.ClickException(f"{what}: {type(exc).__name__}: {exc} (rerun with -vv for details; the batches "
                                "committed so far are kept)")


def _logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="qcdc")
def main():
    """qcdc: turn scraped Vietnamese QCDC news articles into Parquet tables of facts.

    \b
    Example:
        qcdc extract corpus --out out
    """


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Output folder for the Parquet tables and manifest.json.")
@click.option("--overwrite", is_flag=True, help="Start afresh instead of adding to what --out holds.")
@click.option("--tone-marks", type=click.Choice(TONE_MARKS), default=lambda: defaults()["tone_marks"],
              help="Tone-mark placement: classic (hòa, thủy), modern (hoà, thuỷ) or keep. " + _default("tone_marks"))
@click.option("--batch-size", type=Count(1), default=lambda: defaults()["batch_size"],
              help="Articles processed and written together. " + _default("batch_size"))
@click.option("--max-bytes", type=Count(1), default=lambda: defaults()["max_bytes"],
              help="Larger inputs are rejected with an error row. " + _default("max_bytes"))
@click.option("--max-chars", type=Count(1), default=lambda: defaults()["max_chars"],
              help="Longer articles (after cleaning) become a too_large error row. " + _default("max_chars"))
@click.option("--timeout", type=Seconds(0), default=lambda: defaults()["timeout"],
              help="Seconds one input or article may take; past it, a timeout error row (0: no limit). "
                   + _default("timeout"))
@click.option("--favor", type=click.Choice(FAVOR), default=lambda: defaults()["favor"],
              help="HTML pages: recall keeps more text (the lead), precision less page furniture. " + _default("favor"))
@click.option("--source-year", type=click.IntRange(1900, 2100), default=None, metavar="YEAR",
              help="Year of publication of inputs whose page has no time stamp (a dump of one year's news): "
                   "a date without a year takes it before any year the text names.")
@click.option("--no-ner", is_flag=True, help="Skip underthesea NER (rules only; faster).")
@click.option("--workers", "-j", type=Count(0), default=lambda: defaults()["workers"],
              help="Worker processes for the local engine. (default: 0, one per core)")
@click.option("--engine", type=click.Choice(ENGINES), default=lambda: defaults()["engine"],
              help="Where batches run: local processes, or a Dask cluster (needs qcdc-extract[dask]). "
                   + _default("engine"))
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Dask scheduler address for --engine dask, e.g. tcp://10.0.0.5:8786.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the run's summary as JSON (articles, errors by kind, facts per table, seconds, totals).")
@quiet_option
@verbose_option
def extract(inputs, out, overwrite, tone_marks, batch_size, max_bytes, max_chars, timeout, favor, source_year, no_ner,
            workers, engine, scheduler, as_json, quiet, verbose):
    """Extract facts from INPUTS (files, folders, glob patterns; '-' reads paths from stdin).

    Reads .txt pages as scraped, .html/.htm pages and .jsonl files (one article per
    line: url, title, text or html, published). Writes one Parquet table per fact kind
    under --out. Inputs that cannot be read become rows of the errors table and the batch
    goes on. Articles already in --out are skipped, so an interrupted run can be rerun.

    \b
    Examples:
        qcdc extract corpus --out out
        qcdc extract 'pages/**/*.html' batch.jsonl --out out
        find pages -name '*.txt' | qcdc extract - --out out
        qcdc extract corpus --out out --engine dask --scheduler tcp://scheduler:8786
    """
    from qcdc_extract.batch import extract as run_extract
    from qcdc_extract.batch.engines import EngineError
    from qcdc_extract.resources import DataFileError
    from qcdc_extract.writer import OutputError, without_pandas

    _logging(verbose, quiet)
    without_pandas()
    if engine == "dask" and not scheduler:
        raise click.UsageError("--engine dask needs --scheduler ADDRESS")
    options = Options(tone_marks=tone_marks, batch_size=batch_size, max_bytes=max_bytes, max_chars=max_chars,
                      timeout=timeout, favor=favor, ner=not no_ner, workers=workers, engine=engine, scheduler=scheduler,
                      overwrite=overwrite, source_year=source_year)
    show = not quiet and _interactive()
    try:
        if show:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked
            from qcdc_extract.ingest import count_records

            # Counted first (a folder walk, the lines of JSON Lines files) for a total and an ETA.
            with tqdm(desc="records", unit=" records", total=count_records(inputs), file=sys.stderr,
                      smoothing=0.1) as bar:
                summary = run_extract(inputs, out, options, progress=bar.update)
        else:
            summary = run_extract(inputs, out, options)
    except (OutputError, EngineError) as exc:
        raise click.ClickException(str(exc)) from exc
    except DataFileError as exc:
        raise click.ClickException(f"bad data file, nothing more was processed: {exc}") from exc
    except KeyboardInterrupt:
        raise click.ClickException("interrupted; the batches committed so far are kept: rerun the same command "
                                   "to go on") from None
    except Exception as exc:
        raise _unexpected(exc, "the run stopped") from exc
    if verbose and summary.skipped:
        for path in summary.skipped_files:
            click.echo(f"skipped (not one of the input formats): {path}", err=True)
        if summary.skipped > len(summary.skipped_files):
            click.echo(f"... and {summary.skipped - len(summary.skipped_files):,} more", err=True)
    if as_json:
        import json

        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False))
    else:
        click.echo(summary.line())
    if not summary.ok:
        raise click.ClickException("no article could be processed; see the errors table")


@main.command()
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--target-rows", type=Count(1), default=250_000,
              help="Rows per merged part (articles count their text, so keep it moderate). (default: 250000)")
@quiet_option
def compact(out, target_rows, quiet):
    """Merge the small parts of every table in OUT into fewer, larger ones.

    Safe to run at any time no extraction writes to OUT: merged parts are committed like
    batches (journal first, then renames) and the parts they replace are removed.

    \b
    Example:
        qcdc compact out
    """
    from qcdc_extract.writer import OutputError, compact as run_compact

    try:
        before, after = run_compact(out, target_rows=target_rows)
    except OutputError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{before} parts per table merged into {after} -> {out}")


@main.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.argument("sql", required=False)
@click.option("--csv", "fmt", flag_value="csv", help="Print the result as CSV with a header row.")
@click.option("--json", "fmt", flag_value="json", help="Print the result as a JSON array of objects.")
@click.option("--parquet", type=click.Path(path_type=Path), metavar="FILE", default=None,
              help="Write the result to the Parquet file FILE instead of printing it.")
@click.option("--width", type=Count(0), default=60,
              help="Cut longer cells of the text table to this many characters (0: never). (default: 60)")
@verbose_option
def query(out, sql, fmt, parquet, width, verbose):
    """Run SQL (DuckDB) over the tables of the output folder OUT.

    Each table (articles, documents, dates, periods, counts, officials, locations,
    errors) is a view over its committed parts. The result prints as an aligned text
    table, or as CSV or JSON; --parquet FILE writes it to a file. Without SQL, lists the
    views with their row counts and columns. SQL '-' is read from stdin.

    \b
    Examples:
        qcdc query out
        qcdc query out "SELECT canonical, count(DISTINCT article_id) FROM documents GROUP BY 1 ORDER BY 2 DESC"
        qcdc query out "SELECT a.title, o.name FROM officials o JOIN articles a USING (article_id)" --csv
        qcdc query out "SELECT * FROM locations WHERE NOT resolved" --parquet unresolved.parquet
    """
    import io

    import duckdb

    from qcdc_extract import query as q
    from qcdc_extract.writer import OutputError

    _logging(verbose, False)
    if fmt and parquet:
        raise click.UsageError(f"--{fmt} and --parquet: choose one")
    if sql == "-":
        sql = sys.stdin.read()
    if sql is None and parquet:
        raise click.UsageError("--parquet FILE needs SQL whose result it holds")
    # UTF-8 whatever the locale says: Vietnamese text prints, and CSV and JSON are UTF-8 files.
    binary = getattr(sys.stdout, "buffer", None)
    stdout = io.TextIOWrapper(binary, encoding="utf-8", newline="") if binary else sys.stdout
    try:
        if sql is None:
            q.write_views(q.views(out), stdout, fmt or "text")
            return
        with q.connect(out) as con:
            rel = q.execute(con, sql)
            if parquet:
                if rel is None:
                    raise click.UsageError("the SQL gives no result to write (it is not a query)")
                n = q.write_parquet(rel, parquet)
                click.echo(f"{n} row{'' if n == 1 else 's'} -> {parquet}")
            elif rel is not None and fmt == "csv":
                q.write_csv(rel, stdout)
            elif rel is not None and fmt == "json":
                q.write_json(rel, stdout)
            elif rel is not None:
                q.write_text(rel, stdout, width)
    except (q.QueryError, OutputError) as exc:
        raise click.ClickException(str(exc)) from exc
    except duckdb.Error as exc:
        raise click.ClickException(str(exc).strip()) from exc
    except KeyboardInterrupt:
        raise click.ClickException("interrupted") from None
    finally:
        if binary:
            stdout.detach()  # flushes; the binary stream stays open for click (which handles a closed pipe)


@main.command("show")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("article_id", required=False)
@click.option("--source", metavar="PATH", default=None,
              help="Show the article whose sources list PATH (or a path ending with it).")
@click.option("--all", "everything", is_flag=True,
              help="Write every article's page and an index.html of them all into the folder -o DIR.")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="The page to write (default: standard output); with --all, the folder (required).")
def show_article(out, article_id, source, everything, output):
    """Write an HTML page of one article of OUT with its facts highlighted by kind.

    The page is standalone (inline CSS, no script, no network): the article's fields, its
    text with a coloured mark per fact (every mention of an official), each mark of a
    document linking to its first mention, and one table per kind of every fact and its
    values. Pick the article by ARTICLE_ID (or the start of one) or --source; an output of
    one article needs neither.

    \b
    Examples:
        qcdc show out eccab836b9acc7d0 -o page.html
        qcdc show out --source corpus/000_305192fab6afe443.txt -o page.html
        qcdc show out-eval --all -o pages
    """
    from qcdc_extract.show import PickError, ShowError, article_page, write_all

    try:
        if everything:
            if article_id is not None or source is not None:
                raise click.UsageError("--all writes every article: give no ARTICLE_ID or --source with it")
            if output is None or str(output) == "-":
                raise click.UsageError("--all needs -o DIR, the folder for index.html and the pages")
            n = write_all(out, output)
            click.echo(f"{n:,} article pages and index.html -> {output}")
            return
        chosen, page = article_page(out, article_id, source)
        if output is None or str(output) == "-":
            click.echo(page.encode("utf-8"), nl=False)  # bytes: UTF-8 whatever the terminal's encoding
        else:
            output.write_text(page, encoding="utf-8")
            click.echo(f"article {chosen} -> {output}")
    except PickError as exc:
        raise click.UsageError(str(exc)) from exc
    except ShowError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"cannot write {exc.filename or output}: {exc.strerror or exc}") from exc


@main.command("eval")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--gold", "gold", type=click.Path(exists=True, file_okay=False, path_type=Path), required=True,
              help="Folder of gold *.json files, one per article (the format of eval/gold/).")
@click.option("--errors", is_flag=True, help="Also list each article's missed and spurious facts.")
@click.option("--json", "as_json", is_flag=True, help="Print the measures as JSON.")
def evaluate(out, gold, errors, as_json):
    """Measure the output OUT against gold facts annotated by hand.

    Prints precision, recall and F1 per fact type, the title token F1 of officials, and the
    accuracy of each article's title, author, time stamp and event date. Articles are
    matched by their file name (the source's last part).

    \b
    Example:
        qcdc extract eval/articles --out out-eval
        qcdc eval out-eval --gold eval/gold --errors
    """
    import json

    from qcdc_extract.evaluate import EvalError, evaluate as run_evaluate

    try:
        report = run_evaluate(out, gold)
    except EvalError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(report.as_dict(errors=errors), ensure_ascii=False, indent=2))
        return
    click.echo(report.table())
    if errors:
        click.echo(json.dumps(report.errors, ensure_ascii=False, indent=2))


@main.group()
def gazetteer():
    """Build and grow the gazetteers (administrative units, titles, organisations).

    User files and the gazetteers rebuilt from them live in the user data folder
    (platformdirs' user_data_dir("qcdc_extract")/gazetteers, or $QCDC_GAZETTEERS); the
    package's own gazetteers are never written.

    \b
    Examples:
        qcdc gazetteer build --from danhmuchanhchinh.csv --from phu_luc_sap_xep.csv
        qcdc gazetteer diff phu_luc_sap_xep.csv
    """


_UNIT_FILES_HELP = ("A unit file: the GSO's list (CSV or .xlsx export of danhmuchanhchinh.gso.gov.vn), a decision's "
                    "annex of merged units (CSV with 'Tên đơn vị hành chính cũ', 'Tên đơn vị hành chính mới', 'Loại', "
                    "'Ngày có hiệu lực'), or the project's TSV (code, level, unit_type, name, era)")


@gazetteer.command("build")
@click.option("--from", "add", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help=_UNIT_FILES_HELP + "; or a lexicon named like a curated one (titles.tsv, organisations.tsv, "
                   "family_names.tsv). Repeatable.")
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The gazetteers folder to build (default: $QCDC_GAZETTEERS, else the user data folder).")
def gazetteer_build(add, folder):
    """Regenerate every generated gazetteer file from its sources and write MANIFEST.json.

    Sources: the installed vietnamadminunits package (units before and after the 2025
    reorganisation, and the mapping between them), the curated lexicons, and the user files
    kept in the folder's user/. Files given with --from are validated with all the others
    first and kept in user/ only if the whole build succeeds: a failed build changes nothing.
    A file already added (same content) is a no-op. The same inputs give byte-identical files.

    \b
    Examples:
        qcdc gazetteer build --from danhmuchanhchinh.csv
        qcdc gazetteer build --from phu_luc_sap_xep.csv
        qcdc gazetteer build --folder gazetteers     (maintainers: the checked-in files)
    """
    from qcdc_extract.gazetteer import GazetteerError, build
    from qcdc_extract.resources import user_gazetteer_dir

    target = folder or user_gazetteer_dir()
    try:
        manifest = build(target, list(add))
    except GazetteerError as exc:
        raise click.ClickException(f"{exc}\nnothing was changed in {target}") from exc
    for note in manifest["notes"]:
        click.echo(note)
    for name, info in manifest["files"].items():
        click.echo(f"{name:<30}{info['rows']:>7} rows  {info['sha256'][:12]}  {info['source']}")
    click.echo(f"-> {target}")


@gazetteer.command("diff")
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The gazetteers folder OLD alone is compared with (default: the one build writes).")
@click.option("--json", "as_json", is_flag=True, help="Print the changes as a JSON array.")
def gazetteer_diff(old, new, folder, as_json):
    """Show what a rebuild adds, removes and renames (same code, new name), before it is applied.

    With one file, what `qcdc gazetteer build --from OLD` would change in the gazetteer in use
    (nothing is written); with two unit files, the changes from OLD to NEW.

    \b
    Examples:
        qcdc gazetteer diff phu_luc_sap_xep.csv
        qcdc gazetteer diff danhmuchanhchinh_2024.csv danhmuchanhchinh_2025.csv --json
    """
    import json

    from qcdc_extract.gazetteer import GazetteerError, diff_files, diff_rebuild

    try:
        changes = diff_files(old, new) if new else diff_rebuild(old, folder)
    except GazetteerError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(changes, ensure_ascii=False, indent=1))
        return
    if not changes:
        click.echo("no change")
        return
    head = ("era", "change", "level", "code", "old", "new")
    widths = [max(len(h), *(len(str(c[h])) for c in changes)) for h in head]
    for row in [dict(zip(head, head))] + changes:
        click.echo("  ".join(str(row[h]).ljust(w) for h, w in zip(head, widths)).rstrip())
    counts = {k: sum(1 for c in changes if c["change"] == k) for k in ("added", "removed", "renamed")}
    click.echo(", ".join(f"{n} {k}" for k, n in counts.items()))


@gazetteer.command("mine")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--to", "to", type=click.Path(file_okay=False, path_type=Path), default=Path("proposals"),
              help="Folder for the proposal files. (default: proposals)")
@click.option("--min-count", type=Count(1), default=1,
              help="Propose only what was seen at least this often. (default: 1)")
def gazetteer_mine(out, to, min_count):
    """Propose titles, organisations and family names seen in OUT but missing from the lexicons.

    Reads the officials table of an extraction's output folder and writes TSV files named
    like the lexicons they extend (titles.tsv, organisations.tsv, family_names.tsv), each
    proposal after a comment giving its count and an example. Review them, delete what is
    wrong, then add them with `qcdc gazetteer build --from`.

    \b
    Example:
        qcdc gazetteer mine out --to proposals
        qcdc gazetteer build --from proposals/titles.tsv
    """
    from qcdc_extract.mine import mine, write_proposals
    from qcdc_extract.resources import DataFileError

    try:
        proposals = mine(out, min_count=min_count)
    except DataFileError as exc:
        raise click.ClickException(str(exc)) from exc
    paths = write_proposals(proposals, to)
    for name, rows in proposals.items():
        click.echo(f"{name:<20}{len(rows):>5} proposals")
    click.echo(f"written: {', '.join(map(str, paths)) or 'nothing to propose'}")


if __name__ == "__main__":  # pragma: no cover
    main()
