//! The loket's letterhead: its name, address and how to reach it, set by the functioneel
//! beheerder in the config (table `[loket]`). Printed at the top of every letter or page loket
//! makes for a resident (the appointment confirmation, the monthly overview), so the reader
//! knows who wrote it and whom to call.

/// The keys of the table `[loket]`, in the order they are shown.
pub const VELDEN: [&str; 7] = ["naam", "adres", "postcode", "plaats", "telefoon", "email", "website"];

/// The letterhead. Every field may be empty (not set); [`Briefhoofd::naam_of_standaard`] gives a
/// name to show when the config has none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Briefhoofd {
    /// "Loket Wonen, Welzijn, Zorg Het Hogeland".
    pub naam: String,
    /// Street and number: "Hoofdstraat 1".
    pub adres: String,
    /// "9951 AA".
    pub postcode: String,
    /// "Winsum".
    pub plaats: String,
    /// The loket's phone number, for questions and to change an appointment.
    pub telefoon: String,
    /// "loket@hethogeland.nl".
    pub email: String,
    /// "www.hethogeland.nl/loket".
    pub website: String,
}

/// The name shown when the config sets none.
pub const NAAM_STANDAARD: &str = "Het loket Wonen, Welzijn, Zorg";

impl Briefhoofd {
    /// A field by its key in `[loket]`.
    pub fn veld(&self, naam: &str) -> Option<&str> {
        Some(match naam {
            "naam" => &self.naam,
            "adres" => &self.adres,
            "postcode" => &self.postcode,
            "plaats" => &self.plaats,
            "telefoon" => &self.telefoon,
            "email" => &self.email,
            "website" => &self.website,
            _ => return None,
        })
    }

    /// A field to set by its key in `[loket]`.
    pub fn veld_mut(&mut self, naam: &str) -> Option<&mut String> {
        Some(match naam {
            "naam" => &mut self.naam,
            "adres" => &mut self.adres,
            "postcode" => &mut self.postcode,
            "plaats" => &mut self.plaats,
            "telefoon" => &mut self.telefoon,
            "email" => &mut self.email,
            "website" => &mut self.website,
            _ => return None,
        })
    }

    /// The loket's name, or [`NAAM_STANDAARD`] when none is set.
    pub fn naam_of_standaard(&self) -> &str {
        if self.naam.trim().is_empty() {
            NAAM_STANDAARD
        } else {
            self.naam.trim()
        }
    }

    /// "9951 AA  Winsum" (postcode and place; whichever is set).
    pub fn postcode_plaats(&self) -> String {
        [self.postcode.trim(), self.plaats.trim()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join("  ")
    }

    /// The address on one line: "Hoofdstraat 1, 9951 AA Winsum" (empty when none is set).
    pub fn adres_op_een_regel(&self) -> String {
        let pp = [self.postcode.trim(), self.plaats.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        [self.adres.trim(), pp.as_str()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ")
    }

    /// The letterhead as HTML (a `<header class="briefhoofd">`, every text escaped): the name in
    /// bold, then the address and the ways to reach the loket, each on its own line.
    pub fn html(&self) -> String {
        let mut s = String::from("<header class=\"briefhoofd\">\n");
        s.push_str(&format!("<div class=\"loketnaam\">{}</div>\n", escape_html(self.naam_of_standaard())));
        for regel in [self.adres.trim().to_string(), self.postcode_plaats()] {
            if !regel.is_empty() {
                s.push_str(&format!("<div>{}</div>\n", escape_html(&regel)));
            }
        }
        for (label, waarde) in [("Telefoon", &self.telefoon), ("E-mail", &self.email), ("Website", &self.website)] {
            if !waarde.trim().is_empty() {
                s.push_str(&format!("<div>{label}: {}</div>\n", escape_html(waarde.trim())));
            }
        }
        s.push_str("</header>\n");
        s
    }
}

/// Text for HTML: `& < > " '` escaped.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_letterhead_shows_what_is_set_and_escapes_it() {
        let b = Briefhoofd {
            naam: "Loket <WWZ> & co".into(),
            adres: "Hoofdstraat 1".into(),
            postcode: "9951 AA".into(),
            plaats: "Winsum".into(),
            telefoon: "0595 - 00 00 00".into(),
            ..Default::default()
        };
        let h = b.html();
        assert!(h.contains("Loket &lt;WWZ&gt; &amp; co"), "{h}");
        assert!(h.contains("Hoofdstraat 1") && h.contains("9951 AA  Winsum") && h.contains("Telefoon: 0595"), "{h}");
        assert!(!h.contains("E-mail") && !h.contains("Website"), "{h}");
        assert_eq!(b.adres_op_een_regel(), "Hoofdstraat 1, 9951 AA Winsum");
        assert_eq!(Briefhoofd::default().naam_of_standaard(), NAAM_STANDAARD);
        for v in VELDEN {
            assert!(b.veld(v).is_some() && b.clone().veld_mut(v).is_some(), "{v}");
        }
    }
}
