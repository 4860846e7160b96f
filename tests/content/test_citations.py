"""References print in Vancouver style with PMID and DOI, and say what was not verified."""

from consultaid.content import load_procedure
from consultaid.content.citations import vancouver
from consultaid.content.model import Source


def test_a_paper_prints_authors_title_journal_year_volume_pages_pmid_and_doi():
    t1 = load_procedure().source("T1")
    assert vancouver(t1) == (
        "Tavanaei R, Ansari A, Hatami A, et al. Postoperative complications of anterior "
        "cervical discectomy and fusion: a comprehensive systematic review and meta-analysis. "
        "N Am Spine Soc J. 2025;21:100596. PMID: 40145067; doi: 10.1016/j.xnsj.2025.100596."
    )
    assert t1.citation() == vancouver(t1)


def test_a_paper_without_identifier_says_so_and_never_prints_a_web_address():
    paper = Source(
        id="X1",
        title="A title",
        authors="Doe J.",
        journal="Spine",
        year=2010,
        volume="35",
        issue="9",
        pages="1-2",
        url="https://example.org/copy.pdf",
        identifier_verified=False,
    )
    assert vancouver(paper) == "Doe J. A title. Spine. 2010;35(9):1-2. (identifier not verified)"
    y1 = load_procedure().source("Y1")
    assert vancouver(y1).endswith("J Spine Surg. 2020;6(1):302-322. (identifier not verified)")


def test_missing_details_are_named():
    a1 = vancouver(load_procedure().source("A1"))
    assert a1.endswith("2012. (author order, journal, volume, pages and identifier not verified)")


def test_guidelines_statements_and_law_name_their_issuing_body():
    p = load_procedure()
    assert vancouver(p.source("NICE1")) == (
        "Prosthetic intervertebral disc replacement in the cervical spine. National Institute "
        "for Health and Care Excellence, London. Interventional procedures guidance IPG341. "
        "(date not verified)"
    )
    assert vancouver(p.source("MG1")) == (
        "Montgomery v Lanarkshire Health Board. UK Supreme Court. 2015. [2015] UKSC 11; "
        "[2015] AC 1430."
    )


def test_every_bundled_reference_has_no_web_address_and_ends_cleanly():
    for source in load_procedure().sources:
        text = vancouver(source)
        assert "http" not in text and "www." not in text, source.id
        assert text.endswith((".", ")")), source.id
