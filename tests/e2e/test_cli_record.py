"""Correcting the record and documents in the file from the command line, as a script uses it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.cli_support import Cli
from tests.support.documents import make_pdf, make_png, marker


def _file(cli: Cli) -> tuple[int, dict]:  # type: ignore[type-arg]
    r = cli.run("demo-data", "--households", "1", "--seed", "3")
    assert r.code == 0, r.err
    [row] = json.loads(cli.run("list", "--json").out)
    shown = json.loads(cli.run("show", str(row["id"]), "--json").out)
    return row["id"], shown


def test_correct_withdraw_search_and_list_the_corrections(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home")
    cli.init()
    hid, shown = _file(cli)
    entry = shown["journal"][0]
    incident = shown["incidents"][0]

    r = cli.run("correct", "journal", str(entry["id"]), "--text", "Gesprek met de mentor van "
                "school over het verzuim.", "--reason", "Verkeerde naam genoteerd")
    assert r.code == 0, r.err
    assert "Gecorrigeerd: notitie" in r.out
    r = cli.run("correct", "incident", str(incident["id"]), "--reason", "Ernst verkeerd",
                "--severity", "zeer_ernstig", "--police-report")
    assert r.code == 0, r.err
    refused = cli.run("correct", "journal", str(entry["id"]), "--text", "x")
    assert refused.code == 2  # --reason is required
    same = cli.run("correct", "incident", str(incident["id"]), "--reason", "nog eens",
                   "--severity", "zeer_ernstig")
    assert same.code == 1 and "Er is niets veranderd" in same.err

    found = json.loads(cli.run("search", str(hid), "MENTOR", "verzuim", "--json").out)
    assert [(h["kind"], h["id"]) for h in found] == [("journal_entry", entry["id"])]
    assert "Niets gevonden." in cli.run("search", str(hid), "rijbewijs").out

    r = cli.run("withdraw", "incident", str(incident["id"]), "--reason",
                "Hoort bij een ander gezin")
    assert r.code == 0, r.err
    after = json.loads(cli.run("show", str(hid), "--json").out)
    assert incident["id"] not in [i["id"] for i in after["incidents"]]
    log = json.loads(cli.run("corrections", str(hid), "--json").out)
    assert [c["kind"] for c in log["corrections"]] == ["journal_entry", "incident"]
    assert log["corrections"][0]["before"]["text"] == entry["text"]
    assert log["corrections"][1]["after"] == {"severity": "zeer_ernstig", "police_report": True}
    [w] = log["withdrawals"]
    assert (w["object_id"], w["reason"]) == (incident["id"], "Hoort bij een ander gezin")
    assert w["entry"]["severity"] == "zeer_ernstig"
    text = cli.run("corrections", str(hid))
    assert text.code == 0 and "ingetrokken" in text.out and "Ernst verkeerd" in text.out


def test_attach_list_save_and_delete_documents(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home")
    cli.init()
    hid, shown = _file(cli)
    mark = marker()
    pdf = tmp_path / "bron" / "Rapport VT.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(make_pdf(mark, pages=2))
    r = cli.run("attach", str(hid), str(pdf), "--title", "Rapport Veilig Thuis", "--json")
    assert r.code == 0, r.err
    added = json.loads(r.out)
    assert (added["type"], added["pages"], added["title"]) == ("PDF", 2, "Rapport Veilig Thuis")
    png = pdf.with_name("foto.png")
    png.write_bytes(make_png(mark))
    person = shown["members"][0]["id"]
    r = cli.run("attach", str(hid), str(png), "--person", str(person))
    assert r.code == 0 and "Toegevoegd als document" in r.out, r.err

    wrong = pdf.with_name("scan.pdf")
    wrong.write_bytes(make_png(marker()))
    r = cli.run("attach", str(hid), str(wrong))
    assert r.code == 4 and "past niet bij de naam" in r.err
    r = cli.run("attach", str(hid), str(pdf), "--plan-version", "99")
    assert r.code == 1 and "geen veiligheidsplan versie 99" in r.err

    listing = json.loads(cli.run("attachments", str(hid), "--json").out)
    assert listing["count"] == 2
    assert listing["total_bytes"] == pdf.stat().st_size + png.stat().st_size
    assert "2 documenten, samen" in cli.run("attachments", str(hid)).out

    out = tmp_path / "usb" / "kopie.pdf"
    out.parent.mkdir()
    r = cli.run("attachment-save", str(added["id"]), "--out", str(out))
    assert r.code == 0, r.err
    assert out.read_bytes() == pdf.read_bytes()
    assert cli.run("attachment-save", str(added["id"]), "--out", str(out)).code == 2
    assert cli.run("attachment-delete", str(added["id"])).code == 0
    assert json.loads(cli.run("attachments", str(hid), "--json").out)["count"] == 1
    for f in (tmp_path / "home").rglob("*"):
        if f.is_file():
            assert mark.encode() not in f.read_bytes(), f
