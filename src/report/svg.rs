//! Small SVG charts written by hand for the printable report: a horizontal bar chart and a line
//! chart. No crate: the charts are a few rectangles, lines and texts, and written here they stay
//! readable, testable and free of fonts or scripts (a page that prints the same everywhere).
//! Every text is escaped.

/// Text for HTML and SVG: `& < > " '` escaped (the one escaping of the letters and pages).
pub use crate::domain::briefhoofd::escape_html as escape;

/// Colours that print well in grey too (dark to light).
pub const KLEUREN: [&str; 10] =
    ["#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf9000", "#2e75b6", "#a50021", "#3b3838", "#70ad47", "#8faadc"];

/// One bar: its label, its length (0 for a suppressed cell) and the text beside it ("12", "<5").
pub struct Staaf<'a> {
    pub label: &'a str,
    pub waarde: u64,
    pub tekst: String,
}

/// A horizontal bar chart, one bar per row, the number at the end of each bar.
pub fn staven(titel: &str, staven: &[Staaf<'_>]) -> String {
    let (breedte, label_b, rij_h) = (700.0, 300.0, 22.0);
    let hoogte = 30.0 + rij_h * staven.len().max(1) as f64 + 8.0;
    let max = staven.iter().map(|s| s.waarde).max().unwrap_or(0).max(1) as f64;
    let ruimte = breedte - label_b - 60.0;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{breedte}\" height=\"{hoogte}\" viewBox=\"0 0 {breedte} {hoogte}\" role=\"img\" aria-label=\"{t}\" font-family=\"sans-serif\" font-size=\"12\">\n<title>{t}</title>\n<text x=\"0\" y=\"16\" font-weight=\"bold\" font-size=\"13\">{t}</text>\n",
        t = escape(titel)
    );
    for (i, st) in staven.iter().enumerate() {
        let y = 30.0 + rij_h * i as f64;
        let w = (st.waarde as f64 / max * ruimte).round();
        s.push_str(&format!(
            "<text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\">{l}</text><rect x=\"{label_b}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"{c}\"/><text x=\"{vx}\" y=\"{ty}\">{v}</text>\n",
            lx = label_b - 6.0,
            ty = y + 14.0,
            l = escape(st.label),
            h = rij_h - 6.0,
            c = KLEUREN[0],
            vx = label_b + w + 4.0,
            v = escape(&st.tekst),
        ));
    }
    s.push_str("</svg>\n");
    s
}

/// A line chart over weeks: one line per series (a suppressed week draws as 0), a legend below.
pub fn lijnen(titel: &str, weken: &[String], reeksen: &[(&str, Vec<u64>)]) -> String {
    let (breedte, links, boven, plot_h) = (640.0, 40.0, 28.0, 180.0);
    let legenda_rijen = reeksen.len().div_ceil(3).max(1);
    let hoogte = boven + plot_h + 24.0 + 18.0 * legenda_rijen as f64;
    let plot_b = breedte - links - 10.0;
    let max = reeksen.iter().flat_map(|r| r.1.iter().copied()).max().unwrap_or(0).max(1) as f64;
    let n = weken.len().max(2) as f64 - 1.0;
    let x = |i: usize| links + plot_b * i as f64 / n;
    let y = |v: u64| boven + plot_h - plot_h * v as f64 / max;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{breedte}\" height=\"{hoogte}\" viewBox=\"0 0 {breedte} {hoogte}\" role=\"img\" aria-label=\"{t}\" font-family=\"sans-serif\" font-size=\"11\">\n<title>{t}</title>\n<text x=\"0\" y=\"16\" font-weight=\"bold\" font-size=\"13\">{t}</text>\n",
        t = escape(titel)
    );
    // axes, the top value, the first and last week
    s.push_str(&format!(
        "<line x1=\"{links}\" y1=\"{boven}\" x2=\"{links}\" y2=\"{b}\" stroke=\"#888\"/><line x1=\"{links}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"#888\"/>\n<text x=\"{tx}\" y=\"{ty}\" text-anchor=\"end\">{max}</text><text x=\"{tx}\" y=\"{b}\" text-anchor=\"end\">0</text>\n",
        b = boven + plot_h,
        r = links + plot_b,
        tx = links - 4.0,
        ty = boven + 8.0,
        max = max as u64,
    ));
    if let (Some(f), Some(l)) = (weken.first(), weken.last()) {
        s.push_str(&format!(
            "<text x=\"{links}\" y=\"{yy}\">{f}</text><text x=\"{r}\" y=\"{yy}\" text-anchor=\"end\">{l}</text>\n",
            yy = boven + plot_h + 14.0,
            r = links + plot_b,
            f = escape(f),
            l = escape(l)
        ));
    }
    for (k, (label, waarden)) in reeksen.iter().enumerate() {
        let kleur = KLEUREN[k % KLEUREN.len()];
        let punten: Vec<String> =
            waarden.iter().enumerate().map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v))).collect();
        s.push_str(&format!(
            "<polyline fill=\"none\" stroke=\"{kleur}\" stroke-width=\"2\" points=\"{}\"/>\n",
            punten.join(" ")
        ));
        let (lx, ly) = (links + (k % 3) as f64 * 200.0, boven + plot_h + 32.0 + 18.0 * (k / 3) as f64);
        s.push_str(&format!(
            "<rect x=\"{lx}\" y=\"{}\" width=\"12\" height=\"4\" fill=\"{kleur}\"/><text x=\"{}\" y=\"{ly}\">{}</text>\n",
            ly - 5.0,
            lx + 16.0,
            escape(label)
        ));
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_bars_scale_to_the_largest() {
        let svg = staven(
            "A <b> & \"c\"",
            &[
                Staaf { label: "een", waarde: 10, tekst: "10".into() },
                Staaf { label: "twee", waarde: 5, tekst: "5".into() },
                Staaf { label: "drie", waarde: 0, tekst: "<5".into() },
            ],
        );
        assert!(svg.starts_with("<svg ") && svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("A &lt;b&gt; &amp; &quot;c&quot;") && !svg.contains("<b>"));
        assert!(svg.contains("width=\"340\""), "the largest bar fills the room: {svg}");
        assert!(svg.contains("width=\"170\""), "half of it: {svg}");
        assert!(svg.contains(">&lt;5</text>"), "the suppressed cell says so, with no bar: {svg}");
        assert!(svg.contains("width=\"0\""));
    }

    #[test]
    fn a_line_per_series_with_a_point_per_week() {
        let weken: Vec<String> = (1..=4).map(|i| format!("2026-W0{i}")).collect();
        let svg = lijnen("Per week", &weken, &[("telefoon", vec![1, 2, 3, 4]), ("balie", vec![0, 0, 4, 0])]);
        assert_eq!(svg.matches("<polyline").count(), 2);
        let first = svg.split("points=\"").nth(1).unwrap().split('"').next().unwrap();
        assert_eq!(first.split(' ').count(), 4);
        assert!(svg.contains("2026-W01") && svg.contains("2026-W04"));
    }
}
