"""Fonts: found in the documented order, always embedded; rare characters print or are refused."""
from pathlib import Path

import pytest

from docs_flow import add_session, agreement_input, two_party_case
from pdfcheck import assert_all_fonts_embedded, assert_fields_landed, text_of
from zhongxin_desktop.documents import fonts, layout, printing
from zhongxin_desktop.services.settlement import agreements
from zhongxin_desktop.services import settings

UMING = fonts.FontFile(Path("/usr/share/fonts/truetype/arphic/uming.ttc"), 0, "AR PL UMing")
HANA_B = fonts.FontFile(Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"), 0, "HanaMinB")
EXT_B = "𠀾"  # U+2003E, CJK extension B: in UMing
EXT_E = "𬌗"  # U+2C317, CJK extension E: not in UMing, in HanaMinB (fonts-hanazono, scripts/bootstrap)
EXT_G = "\U00030000"  # CJK extension G (Unicode 13): in none of the fonts installed here


@pytest.fixture(autouse=True)
def fresh_fonts():
    fonts.reset_cache()
    yield
    fonts.reset_cache()


def use_fonts(monkeypatch, main: fonts.FontFile, fallbacks: list[fonts.FontFile]):
    fs = fonts.FontSet(fonts.load(main, strict=True), fallbacks)
    monkeypatch.setattr(layout, "fontset", lambda: fs)
    return fs


def _case_with_agreement(actor, a_name, b_name):
    no = two_party_case(actor, name_a=a_name, name_b=b_name)
    add_session(actor, no)
    agreements.create(actor, no, agreement_input())
    return no


def test_default_font_is_song_style_and_never_cid(township):
    fs = fonts.fontset()
    assert fs.main.file.label == "AR PL UMing"  # the system Song-style font on Linux
    assert "STSong" not in fs.name


def test_the_installed_fonts_coverage_is_what_the_tests_assume():
    """Which installed font has which rare character (measured, so the tests below mean something)."""
    uming, hana = fonts.load(UMING, strict=True), fonts.load(HANA_B, strict=True)
    assert uming.has(EXT_B) and not uming.has(EXT_E)
    assert hana.has(EXT_E) and hana.has(EXT_B)
    assert not any(f and f.has(EXT_G) for f in map(fonts.load, fonts.system_candidates() + fonts.extension_candidates()))


def test_rare_characters_print_with_fallback_and_extract_back(township, monkeypatch, tmp_path):
    use_fonts(monkeypatch, UMING, [HANA_B])
    no = _case_with_agreement(township, f"张{EXT_E}", f"李{EXT_B}")
    out = tmp_path / "a.pdf"
    printing.print_document(township, "agreement", no, out, signing=True)
    assert_fields_landed(text_of(out), [f"张{EXT_E}", f"李{EXT_B}"])
    names = [r["name"] for r in assert_all_fonts_embedded(out)]
    assert any("UMing" in n for n in names) and any("HanaMinB" in n for n in names)


def test_a_character_no_font_has_is_refused_naming_character_and_field(township, monkeypatch, tmp_path):
    use_fonts(monkeypatch, UMING, [])  # no fallback at all: the extension-E name cannot print
    no = _case_with_agreement(township, "王五", f"张{EXT_E}")
    out = tmp_path / "a.pdf"
    with pytest.raises(fonts.UnprintableCharacter) as err:
        printing.print_document(township, "agreement", no, out, signing=True)
    assert EXT_E in str(err.value) and "U+2C317" in str(err.value) and "第2个当事人·姓名" in str(err.value)
    assert not out.exists()


def test_with_every_installed_font_an_extension_g_name_is_refused(township, tmp_path):
    no = _case_with_agreement(township, f"赵{EXT_G}", "钱六")
    with pytest.raises(fonts.UnprintableCharacter) as err:
        printing.print_document(township, "registration", no, tmp_path / "r.pdf")
    assert err.value.char == EXT_G and "姓名" in err.value.field


def test_font_chosen_in_settings_comes_first(township, tmp_path):
    settings.put("pdf_font_file", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
    no = _case_with_agreement(township, "张三", "李四")
    out = tmp_path / "a.pdf"
    printing.print_document(township, "agreement", no, out, signing=True)
    assert any("WenQuanYi" in r["name"] for r in assert_all_fonts_embedded(out))


def test_an_unusable_font_in_settings_is_refused_with_the_file_named(township, tmp_path):
    bogus = tmp_path / "NotoSerifCJK.otf"
    bogus.write_bytes(b"OTTO" + b"\0" * 100)
    settings.put("pdf_font_file", str(bogus))
    no = _case_with_agreement(township, "张三", "李四")
    with pytest.raises(fonts.FontError) as err:
        printing.print_document(township, "agreement", no, tmp_path / "a.pdf", signing=True)
    assert str(bogus) in str(err.value) and "TrueType" in str(err.value)


def test_markup_escapes_and_keeps_line_breaks():
    fs = fonts.FontSet(fonts.load(UMING, strict=True), [HANA_B])
    assert fs.markup("a<b>&c\n第二行", "x") == "a&lt;b&gt;&amp;c<br/>第二行"
    assert f'<font name="{fonts.load(HANA_B).name}">{EXT_E}</font>' in fs.markup(f"张{EXT_E}", "x")


def test_settings_font_tab_shows_fonts_checks_text_and_refuses_a_bad_file(qtbot, township, app_ctx, tmp_path):
    from zhongxin_desktop.ui.pages.settings_fonts import FontsTab

    tab = FontsTab(app_ctx(township))
    qtbot.addWidget(tab)
    tab.refresh()
    qtbot.waitUntil(lambda: tab.info is not None, timeout=10000)
    assert "UMing" in tab.main.text()
    tab.sample.setText(f"张{EXT_G}")
    tab.check_sample()
    qtbot.waitUntil(lambda: "U+30000" in tab.sample_result.text(), timeout=10000)
    bogus = tmp_path / "broken.ttf"
    bogus.write_bytes(b"not a font")
    tab.path.setText(str(bogus))
    tab.save()
    qtbot.waitUntil(lambda: str(bogus) in tab.message.text(), timeout=10000)
    assert settings.get("pdf_font_file") == ""  # refused: nothing stored
    tab.path.setText("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
    tab.save()
    qtbot.waitUntil(lambda: "WenQuanYi" in tab.main.text() or "wqy" in tab.main.text(), timeout=10000)
    assert settings.get("pdf_font_file").endswith("wqy-zenhei.ttc")
