"""Som sqlite-utils: varje kommando har hjälptext och står i README, så inget blir odokumenterat."""

from pathlib import Path

import pytest

from evb_xl.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


KOMMANDON = cli.list_commands(None)


@pytest.mark.parametrize("namn", KOMMANDON)
def test_varje_kommando_har_hjalp_och_star_i_readme(namn):
    kommando = cli.get_command(None, namn)
    assert kommando.help and len(kommando.help) > 20, f"{namn} saknar hjälptext"
    assert f"evb-xl {namn}" in README, f"README nämner inte evb-xl {namn}"
    saknar = [p.opts[-1] for p in kommando.params if p.param_type_name == "option" and not p.help]
    assert not saknar, f"{namn}: flaggor utan hjälptext: {saknar}"


def test_varje_formel_star_i_readme():
    from evb_xl import udf
    formler = [n for n in dir(udf) if n.startswith("EVB_")]
    assert len(formler) == 11
    for namn in formler:
        assert f"`{namn}(" in README, f"README nämner inte formeln {namn}"


def test_hjalpen_ar_pa_svenska():
    from click.testing import CliRunner
    for argument in ([], ["bilagor"], ["trend"], ["ivo"]):
        text = CliRunner().invoke(cli, [*argument, "--help"], prog_name="evb-xl").output
        assert "Användning: evb-xl" in text and "[FLAGGOR]" in text and "Flaggor:" in text
        for engelska in ("Usage:", "Options:", "Commands:", "Show this message", "[default:", "OPTIONS", "COMMAND"):
            assert engelska not in text, f"{argument}: {engelska}"
