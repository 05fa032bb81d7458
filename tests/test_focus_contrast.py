"""The focus ring can be seen: ≥ 3:1 against every background it is drawn on (WCAG 1.4.11)."""

import re
from pathlib import Path

from django.conf import settings

CSS = Path(settings.BASE_DIR, "static", "css", "site.css").read_text()
MIN_CONTRAST = 3.0


def custom_properties():
    root = re.search(r":root\s*\{(.*?)\}", CSS, re.S).group(1)
    return dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", root))


def resolve(value, props):
    value = value.strip()
    match = re.fullmatch(r"var\((--[\w-]+)\)", value)
    if match:
        return props.get(match.group(1))
    if re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        return value
    if value.lower() == "#fff":
        return "#ffffff"
    return None


def luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_focus_ring_stands_out_on_every_light_background():
    props = custom_properties()
    focus = props["--focus"]
    backgrounds = {
        colour
        for value in re.findall(r"background(?:-color)?:\s*([^;}]+)", CSS)
        if (colour := resolve(value, props)) and luminance(colour) > 0.5
    }
    assert {"#ffffff", props["--wash"]} <= backgrounds  # the page and the filter panel
    weak = {bg: round(contrast(focus, bg), 2) for bg in backgrounds if contrast(focus, bg) < 3}
    assert weak == {}


def test_focus_ring_stands_out_on_the_header():
    props = custom_properties()
    header = re.search(r"\.site-header\s*\{[^}]*background:\s*([^;}]+)", CSS).group(1)
    assert contrast(props["--focus-on-dark"], resolve(header, props)) >= MIN_CONTRAST
    assert re.search(r"\.site-header :focus-visible[^{]*\{[^}]*var\(--focus-on-dark\)", CSS)
