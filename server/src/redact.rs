//! Redaction of decoder messages before they reach an error body or a log line. serde's messages
//! quote the offending value (``invalid type: integer `13800138123`, expected a string``), and
//! that value may be a phone number, an address or a request's text; the relay keeps the shape of
//! the message (which field, what was expected, where) and drops every quoted value.

/// `message` with everything between backticks or double quotes replaced by `…`.
pub fn redact(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut open: Option<char> = None;
    for c in message.chars() {
        match open {
            Some(q) if c == q => {
                out.push('…');
                out.push(c);
                open = None;
            }
            Some(_) => {}
            None if c == '`' || c == '"' => {
                out.push(c);
                open = Some(c);
            }
            None => out.push(c),
        }
    }
    if open.is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn quoted_values_are_dropped_and_the_shape_kept() {
        assert_eq!(
            redact("code: invalid type: integer `13800138123`, expected a string at line 1 column 19"),
            "code: invalid type: integer `…`, expected a string at line 1 column 19"
        );
        assert_eq!(
            redact(r#"unknown variant "Unit 3", expected one of"#),
            r#"unknown variant "…", expected one of"#
        );
        assert_eq!(redact("cut `short"), "cut `…");
        assert_eq!(redact("nothing quoted"), "nothing quoted");
    }
}
