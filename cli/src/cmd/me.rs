//! `me availability on|off`, `me quiet-hours 22:00-07:00 [--no-medical] | off`,
//! `me home LAT,LON | off`, `me push KIND TOKEN`, `me language zh|en`: the member's alert
//! settings, kept on the relay (they need a link).

use anyhow::{Result, bail};
use jinlin_core::net::client::ClientOptions;
use jinlin_model::Language;
use jinlin_model::dispatch::QuietHours;
use jinlin_model::protocol::{HomeLocation, PushKind, PushRegistration, QuietHoursSetting};
use serde_json::json;

use crate::args::MeCommand;
use crate::home::Home;
use crate::lang::t;
use crate::output::Output;

/// Runs a `me` command.
pub async fn run(home: &Home, cmd: MeCommand) -> Result<Output> {
    let client = home.client(ClientOptions::default())?;
    match cmd {
        MeCommand::Availability { state } => {
            let available = state == "on";
            client.set_availability(available).await?;
            let text = if available {
                t!("me-available")
            } else {
                t!("me-unavailable")
            };
            Output::new(json!({ "available": available }), text)
        }
        MeCommand::QuietHours { hours, no_medical } => {
            if hours.trim().eq_ignore_ascii_case("off") {
                client.set_quiet_hours(None).await?;
                return Output::new(json!({ "quiet_hours": null }), t!("me-no-quiet"));
            }
            if QuietHours::parse(&hours).is_none() {
                bail!(t!("me-quiet-bad"));
            }
            let (start, end) = hours.trim().split_once('-').unwrap_or_default();
            let q = QuietHoursSetting {
                start: start.trim().to_string(),
                end: end.trim().to_string(),
                medical_through: !no_medical,
            };
            client.set_quiet_hours(Some(&q)).await?;
            let medical = if no_medical {
                t!("me-quiet-nothing")
            } else {
                t!("me-quiet-medical")
            };
            Output::new(&q, t!("me-quiet", start = &q.start, end = &q.end, medical = medical))
        }
        MeCommand::Home { location } => {
            if location.trim().eq_ignore_ascii_case("off") {
                client.set_home(None).await?;
                return Output::new(json!({ "home": null }), t!("me-home-off"));
            }
            let Some(home) = HomeLocation::parse(&location) else {
                bail!(t!("me-home-bad"));
            };
            client.set_home(Some(&home)).await?;
            Output::new(json!({ "home": home }), t!("me-home"))
        }
        MeCommand::Push { kind, token } => {
            let Some(kind) = PushKind::parse(&kind) else {
                bail!(t!("me-push-bad"));
            };
            let reg = PushRegistration { kind, token };
            client.register_push(&reg).await?;
            Output::new(&reg, t!("me-push", kind = kind.as_str()))
        }
        MeCommand::Language { language } => {
            let language: Language = language.parse()?;
            client.set_language(language).await?;
            let text = match language {
                Language::ZhHans => t!("me-language-zh"),
                Language::En => t!("me-language-en"),
            };
            Output::new(json!({ "language": language }), text)
        }
    }
}
