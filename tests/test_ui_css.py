"""The stylesheet's colour tokens meet WCAG 2.2 AA contrast, and focus and targets are large enough."""

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parent.parent / "src" / "eppid" / "static" / "eppid" / "site.css").read_text()


def tokens():
    root = re.search(r":root\s*{(.*?)}", CSS, re.S).group(1)
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", root))


def luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_helper_is_right():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert contrast("#777777", "#ffffff") < 4.5


WHITE = "#ffffff"


@pytest.mark.parametrize(
    ("foreground", "background"),
    [
        ("ink", "paper"),
        ("ink", "wash"),
        ("ink-soft", "paper"),
        ("ink-soft", "wash"),
        ("link", "paper"),
        ("link-visited", "paper"),
        ("link-hover", "paper"),
        ("error", "paper"),
        ("ink", "focus"),
        ("ink", "warning-bg"),
        ("brand-dark", "paper"),
        (WHITE, "brand"),
        (WHITE, "success"),
        (WHITE, "error"),
        (WHITE, "accent"),
    ],
)
def test_text_colour_pairs_reach_4_5_to_1(foreground, background):
    colours = tokens()
    fg = foreground if foreground.startswith("#") else colours[foreground]
    bg = colours[background]
    assert contrast(fg, bg) >= 4.5, f"{foreground} on {background}: {contrast(fg, bg):.2f}:1"


def test_focus_ring_is_three_pixels():
    assert re.search(r":focus-visible\s*{[^}]*outline:\s*3px solid var\(--focus\)", CSS)


def test_buttons_and_nav_links_are_at_least_24px_high():
    for selector in (r"^\.button {", r"^\.site-nav a,"):
        block = CSS[re.search(selector, CSS, re.M).start() :]
        block = block[: block.index("}")]
        height = float(re.search(r"min-height:\s*([\d.]+)rem", block).group(1)) * 16
        assert height >= 24, selector


def test_system_fonts_only():
    assert "@font-face" not in CSS
    assert "system-ui" in CSS


def test_print_styles_exist():
    assert "@media print" in CSS
