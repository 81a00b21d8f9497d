"""Bar charts drawn as SVG on the server: no script, so they print as they show; each comes with the
table of its figures (templates/outcome/chart.html), and in a right-to-left language the bars grow
from the right, their labels on the right."""

from dataclasses import dataclass
from html import escape

WIDTH = 640
LABEL_W = 280
VALUE_W = 70
BAR_H = 22
GAP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as the table shows it: "12", "1:05:30", "83%"
    highlight: bool = False


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    unit: str  # the column heading of the values in the table
    bars: tuple[Bar, ...]
    rtl: bool = False

    @property
    def svg(self) -> str:
        return draw(self)


def draw(chart: Chart) -> str:
    top = max((b.value for b in chart.bars), default=0) or 1
    room = WIDTH - LABEL_W - VALUE_W
    height = len(chart.bars) * (BAR_H + GAP) + GAP
    title_id = f"chart-{chart.key}-title"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{title_id}" data-chart="{escape(chart.key)}" '
        f'direction="{"rtl" if chart.rtl else "ltr"}">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
    ]
    for i, bar in enumerate(chart.bars):
        y = GAP + i * (BAR_H + GAP)
        length = max(room * bar.value / top, 0.5)  # a zero still shows as a hairline
        middle = y + BAR_H / 2
        if chart.rtl:
            label_x, label_anchor = WIDTH - 4, "start"
            bar_x = WIDTH - LABEL_W - length
            value_x, value_anchor = bar_x - 6, "start"
        else:
            label_x, label_anchor = 4, "start"
            bar_x = LABEL_W
            value_x, value_anchor = LABEL_W + length + 6, "start"
        css = "bar bar-highlight" if bar.highlight else "bar"
        parts += [
            f'<text x="{label_x:.1f}" y="{middle:.1f}" dominant-baseline="middle" '
            f'text-anchor="{label_anchor}" class="chart-label">{escape(bar.label)}</text>',
            f'<rect x="{bar_x:.1f}" y="{y}" width="{length:.1f}" height="{BAR_H}" '
            f'class="{css}" data-value="{bar.value:g}"/>',
            f'<text x="{value_x:.1f}" y="{middle:.1f}" dominant-baseline="middle" '
            # Isolated left to right: "12 (15)" and "0:33:31" read the same in Arabic.
            f'text-anchor="{value_anchor}" class="chart-value">\u2066{escape(bar.shown)}\u2069</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)
