//! Human text for views: one line per request in lists, a short card for one request.

use std::fmt::Write;

use jinlin_core::{GroupView, MemberView, RequestView, SignupState};

use crate::ids::short;

/// One line for a list.
pub fn request_line(r: &RequestView) -> String {
    let urgent = if r.urgent { "URGENT " } else { "" };
    format!(
        "{}  {urgent}{:<13} {:<11} {}/{} confirmed  {}",
        short(r.id),
        r.kind.as_str(),
        r.status.as_str(),
        r.confirmed(),
        r.slots,
        clip(&r.english_words(), 60)
    )
}

/// A time as a local date and time (`2026-11-22 04:00`) in the device's time zone.
pub fn when(at: jinlin_core::Millis, offset_minutes: i32) -> String {
    jinlin_model::dates::local(at, offset_minutes)
}

/// A card for one request; times in the device's time zone (`offset_minutes` from UTC).
pub fn request_card(r: &RequestView, offset_minutes: i32) -> String {
    let mut s = String::new();
    let urgent = if r.urgent { ", urgent" } else { "" };
    let _ = writeln!(
        s,
        "{} request {} — {}{urgent}",
        capital(r.kind.as_str()),
        r.id,
        r.status
    );
    if r.is_standard() {
        // No words of her own: the kind's standard words (a phone shows them in its language).
        let _ = writeln!(s, "  {}", capital(&r.english_words()));
    } else {
        let _ = writeln!(s, "  \"{}\"", r.text);
    }
    let mut who = format!("  asked by {}", r.requester.name);
    if r.raised_by.member_id != r.requester.member_id {
        let _ = write!(who, " (raised by {})", r.raised_by.name);
    }
    if let Some(place) = r.place.words() {
        let _ = write!(who, ", {place}");
    }
    let _ = write!(who, ", at {}", when(r.created_at, offset_minutes));
    let _ = writeln!(s, "{who}");
    let need = if r.slots == 1 {
        "1 volunteer needed".to_string()
    } else {
        format!("{} volunteers needed", r.slots)
    };
    if r.signups.is_empty() {
        let _ = writeln!(s, "  {need}; nobody has signed up yet");
    } else {
        let _ = writeln!(s, "  {need}:");
        for v in &r.signups {
            let _ = writeln!(
                s,
                "    {} {} — {}",
                mark(v.state),
                v.member_name,
                state_words(v.state, v.picked)
            );
        }
    }
    if !r.comments.is_empty() {
        let _ = writeln!(s, "  comments:");
        for c in &r.comments {
            let _ = writeln!(s, "    {} {}: {}", when(c.at, offset_minutes), c.author_name, c.text);
        }
    }
    s
}

fn mark(state: SignupState) -> &'static str {
    match state {
        SignupState::Confirmed => "✓",
        SignupState::Standby => "…",
        SignupState::Tentative => "?",
    }
}

/// What a sign-up state means, in words.
pub fn state_words(state: SignupState, picked: bool) -> &'static str {
    match (state, picked) {
        (SignupState::Confirmed, true) => "confirmed (picked by the requester)",
        (SignupState::Confirmed, false) => "confirmed",
        (SignupState::Standby, _) => "on standby (moves up if someone withdraws)",
        (SignupState::Tentative, _) => "tentative (until the relay has seen it)",
    }
}

/// One line for a group.
pub fn group_line(g: &GroupView, role: Option<&str>) -> String {
    let role = role.map(|r| format!(", you are {r}")).unwrap_or_default();
    let members = if g.members.len() == 1 {
        "1 member".to_string()
    } else {
        format!("{} members", g.members.len())
    };
    format!("{}  {:<9} {}  ({members}{role})", short(g.id), g.kind.as_str(), g.name)
}

/// One line for a member.
pub fn member_line(m: &MemberView) -> String {
    let mut home = String::new();
    if let Some(b) = &m.building {
        let _ = write!(home, ", building {b}");
    }
    if let Some(u) = &m.unit {
        let _ = write!(home, ", unit {u}");
    }
    format!("{}  {} ({}{home})", short(m.member_id), m.name, m.role)
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn clip(s: &str, max: usize) -> String {
    let one_line = s.replace('\n', " ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let cut: String = one_line.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}
