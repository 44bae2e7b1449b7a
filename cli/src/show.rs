//! Human text for views, in this run's language: one line per request in lists, a short card
//! for one request, a group's and a member's line, and the vocabularies' words.

use std::fmt::Write;

use jinlin_core::{GroupView, MemberView, RequestView, SignupState};
use jinlin_model::Language;
use jinlin_model::docs::request::standard;
use jinlin_model::sms::Where;

use crate::ids::short;
use crate::lang::{self, t};

/// One line for a list.
pub fn request_line(r: &RequestView) -> String {
    let urgent = if r.urgent {
        t!("urgent-mark") + " "
    } else {
        String::new()
    };
    t!(
        "request-line",
        id = short(r.id),
        urgent = urgent,
        kind = format!("{:<13}", lang::word("kind", r.kind.as_str())),
        status = format!("{:<11}", lang::word("status", r.status.as_str())),
        confirmed = r.confirmed().to_string(),
        slots = r.slots.to_string(),
        words = clip(&words(r), 60),
    )
}

/// What the request asks: her own words, or her kind's standard sentence in this run's language.
pub fn words(r: &RequestView) -> String {
    if r.is_standard() {
        standard::sentence(r.kind, lang::current())
    } else {
        r.text.clone()
    }
}

/// A time as a local date and time (`2026-11-22 04:00`) in the device's time zone.
pub fn when(at: jinlin_core::Millis, offset_minutes: i32) -> String {
    jinlin_model::dates::local(at, offset_minutes)
}

/// A card for one request; times in the device's time zone (`offset_minutes` from UTC).
pub fn request_card(r: &RequestView, offset_minutes: i32) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        t!(
            "request-card-title",
            kind = capital(&lang::word("kind", r.kind.as_str())),
            id = r.id.to_string(),
            status = lang::word("status", r.status.as_str()),
            urgent = if r.urgent { "yes" } else { "no" },
        )
    );
    if r.is_standard() {
        // No words of her own: the kind's standard words, in this run's language.
        let _ = writeln!(s, "  {}", words(r));
    } else {
        let _ = writeln!(s, "  {}", t!("request-own-words", text = &r.text));
    }
    let mut who = format!("  {}", t!("request-asked-by", name = &r.requester.name));
    if r.raised_by.member_id != r.requester.member_id {
        who.push_str(&t!("request-raised-by", by = &r.raised_by.name));
    }
    if let Some(place) = place(r.place.building.as_deref(), r.place.unit.as_deref()) {
        who.push_str(&t!("request-place", place = place));
    }
    who.push_str(&t!("request-at", when = when(r.created_at, offset_minutes)));
    let _ = writeln!(s, "{who}");
    let need = t!("request-need", slots = r.slots);
    if r.signups.is_empty() {
        let _ = writeln!(s, "  {}", t!("request-nobody-yet", need = need));
    } else {
        let _ = writeln!(s, "  {}", t!("request-signups", need = need));
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
        let _ = writeln!(s, "  {}", t!("request-comments"));
        for c in &r.comments {
            let _ = writeln!(s, "    {} {}: {}", when(c.at, offset_minutes), c.author_name, c.text);
        }
    }
    s
}

/// Where, in this run's language: "3号楼1202室", "building 3, unit 1202".
pub fn place(building: Option<&str>, unit: Option<&str>) -> Option<String> {
    match lang::current() {
        Language::ZhHans => Some(Where { building, unit }.words(Language::ZhHans)).filter(|p| !p.is_empty()),
        Language::En => jinlin_model::place_words(building, unit),
    }
}

fn mark(state: SignupState) -> &'static str {
    match state {
        SignupState::Confirmed => "✓",
        SignupState::Standby => "…",
        SignupState::Tentative => "?",
    }
}

/// What a sign-up state means, in words.
pub fn state_words(state: SignupState, picked: bool) -> String {
    match (state, picked) {
        (SignupState::Confirmed, true) => t!("state-confirmed-picked"),
        (SignupState::Confirmed, false) => t!("state-confirmed"),
        (SignupState::Standby, _) => t!("state-standby"),
        (SignupState::Tentative, _) => t!("state-tentative"),
    }
}

/// One line for a group.
pub fn group_line(g: &GroupView, role: Option<&str>) -> String {
    t!(
        "group-line",
        id = short(g.id),
        kind = format!("{:<9}", lang::word("group", g.kind.as_str())),
        name = &g.name,
        members = g.members.len(),
        role = role.map_or_else(|| "none".to_string(), |r| lang::word("role", r)),
    )
}

/// One line for a member.
pub fn member_line(m: &MemberView) -> String {
    let mut home = String::new();
    if let Some(b) = &m.building {
        home.push_str(&t!("member-building", building = b));
    }
    if let Some(u) = &m.unit {
        home.push_str(&t!("member-unit", unit = u));
    }
    t!(
        "member-line",
        id = short(m.member_id),
        name = &m.name,
        role = lang::word("role", m.role.as_str()),
        home = home,
    )
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
