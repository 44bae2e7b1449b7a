//! How long a text message is, and shortening parts of one so it fits a single message.
//!
//! A message whose every character is in the GSM 7-bit alphabet fits 160 characters (the
//! extension characters `^{}\[~]|€` take two); any other character (Chinese, "…", an emoji)
//! turns the whole message into UCS-2, which fits 70 UTF-16 units. A message longer than that is
//! split by the network into several, which arrive out of order on some phones, so the texts
//! here shorten their parts instead, at character boundaries, each marked with an ellipsis.

/// Most GSM 7-bit septets in one message.
pub const GSM_7_LIMIT: usize = 160;
/// Most UCS-2 units in one message.
pub const UCS_2_LIMIT: usize = 70;

/// The GSM 7-bit default alphabet (3GPP TS 23.038), one septet each.
const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// The extension table: an escape and the character, two septets each.
const GSM_EXTENDED: &str = "^{}\\[~]|€\u{0c}";

/// How a message is encoded, and so how much fits in one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Every character in the GSM 7-bit alphabet: 160 septets.
    Gsm7,
    /// Anything else: 70 UTF-16 units.
    Ucs2,
}

/// The encoding `text` is sent in.
pub fn encoding(text: &str) -> Encoding {
    if text.chars().all(|c| GSM_BASIC.contains(c) || GSM_EXTENDED.contains(c)) {
        Encoding::Gsm7
    } else {
        Encoding::Ucs2
    }
}

/// The length of `text` in its encoding's units, and the most one message holds.
pub fn length(text: &str) -> (usize, usize) {
    match encoding(text) {
        Encoding::Gsm7 => (
            text.chars().map(|c| if GSM_EXTENDED.contains(c) { 2 } else { 1 }).sum(),
            GSM_7_LIMIT,
        ),
        Encoding::Ucs2 => (text.encode_utf16().count(), UCS_2_LIMIT),
    }
}

/// Whether `text` goes as one message.
pub fn fits(text: &str) -> bool {
    let (len, max) = length(text);
    len <= max
}

/// A part of a message that may be shortened, down to `min` characters (0: left out).
#[derive(Debug, Clone)]
pub struct Part {
    text: String,
    min: usize,
}

impl Part {
    /// A part that may be shortened to `min` characters.
    pub fn new(text: &str, min: usize) -> Part {
        Part {
            text: text.trim().to_string(),
            min,
        }
    }
}

/// Builds a message from `parts` with `build`, shortening the parts in order (the first until
/// it is at its least, then the next) with `ellipsis` until the message fits one SMS. `build`
/// gets each part's current text ("" when left out). When even the shortest does not fit, the
/// parts that may be left out are, and the others stay whole: it goes as several messages, but
/// no name or place is cut for nothing.
pub fn fit(parts: &[Part], ellipsis: &str, build: impl Fn(&[&str]) -> String) -> String {
    let mut keep: Vec<usize> = parts.iter().map(|p| p.text.chars().count()).collect();
    loop {
        let texts: Vec<String> = parts
            .iter()
            .zip(&keep)
            .map(|(p, &k)| shorten(&p.text, k, ellipsis))
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let message = build(&refs);
        if fits(&message) {
            return message;
        }
        match parts.iter().zip(&mut keep).find(|(p, k)| **k > p.min) {
            Some((_, k)) => *k -= 1,
            None => {
                let texts: Vec<&str> = parts
                    .iter()
                    .map(|p| if p.min == 0 { "" } else { p.text.as_str() })
                    .collect();
                return build(&texts);
            }
        }
    }
}

/// The first `keep` characters of `text` with `ellipsis`, or `text` when it is no longer.
fn shorten(text: &str, keep: usize, ellipsis: &str) -> String {
    if text.chars().count() <= keep {
        return text.to_string();
    }
    if keep == 0 {
        return String::new();
    }
    let head: String = text.chars().take(keep).collect();
    format!("{}{ellipsis}", head.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_english_is_gsm_and_fits_160() {
        let text = "a".repeat(160);
        assert_eq!(length(&text), (160, 160));
        assert!(fits(&text));
        assert!(!fits(&format!("{text}a")));
    }

    #[test]
    fn extension_characters_count_twice() {
        assert_eq!(length("[1]"), (5, 160));
        assert_eq!(length("€"), (2, 160));
    }

    #[test]
    fn one_chinese_character_or_an_ellipsis_makes_it_ucs2_of_70() {
        assert_eq!(encoding("Grandma 王"), Encoding::Ucs2);
        assert_eq!(encoding("wait…"), Encoding::Ucs2);
        assert!(fits(&"我".repeat(70)));
        assert!(!fits(&"我".repeat(71)));
        // Outside the basic plane a character takes two units.
        assert_eq!(length("😀"), (2, 70));
    }

    #[test]
    fn parts_are_shortened_in_order_and_marked_never_split_mid_character() {
        let parts = [Part::new(&"很".repeat(80), 0), Part::new("王秀英", 2)];
        let text = fit(&parts, "…", |p| format!("{}：{}", p[1], p[0]));
        assert!(fits(&text), "{text}");
        assert_eq!(text.encode_utf16().count(), 70, "as much as fits");
        assert!(text.starts_with("王秀英：") && text.ends_with('…'), "{text}");
    }

    #[test]
    fn a_part_at_its_least_is_left_out_then_the_next_is_shortened() {
        let parts = [Part::new("extra words", 0), Part::new(&"N".repeat(200), 3)];
        let text = fit(&parts, "...", |p| {
            if p[0].is_empty() {
                format!("Hi {}", p[1])
            } else {
                format!("Hi {} ({})", p[1], p[0])
            }
        });
        assert!(!text.contains("extra"), "{text}");
        assert_eq!(text.chars().count(), 160, "{text}");
        assert!(text.ends_with("..."));
    }

    #[test]
    fn what_cannot_fit_keeps_its_needed_parts_whole_and_leaves_out_the_rest() {
        let parts = [Part::new("extra", 0), Part::new(&"N".repeat(300), 250)];
        let text = fit(&parts, "...", |p| format!("{} {}", p[1], p[0]));
        assert_eq!(text, format!("{} ", "N".repeat(300)));
    }
}
