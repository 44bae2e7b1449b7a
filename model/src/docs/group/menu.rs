//! The service menu a group publishes (居民点单): what its teams and partners do, each item at a
//! posted price or free, and whether the team takes an order of it directly or staff dispatch
//! it. Staff publish and withdraw items; residents order them (`docs/order/`).
//!
//! Layout, in the group document:
//! ```text
//! menu: {<item id>: {title, description, team, price_fen?, unit?, hours?, direct,
//!                    created_at, withdrawn_at?}}
//! ```
//! The price is kept in fen (1/100 yuan) as an integer, so it never rounds. A group made before
//! the menu existed gets its `menu` map with its first item.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ROOT, ReadDoc};

use crate::clock::Millis;
use crate::docs::group::view::MenuItemView;
use crate::error::{Error, Result};
use crate::ids::{DocId, MemberId};
use crate::read;
use crate::refusal::Refusal;
use crate::validate;

/// The most a menu item may cost: 100,000 yuan.
pub const MAX_PRICE_FEN: i64 = 10_000_000;

/// What staff fill in to publish a menu item.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewMenuItem {
    /// What it is.
    pub title: String,
    /// More about it.
    pub description: String,
    /// The team that does it (its key in the group).
    pub team: String,
    /// The price in fen; `None` is free.
    pub price_fen: Option<i64>,
    /// What the price is for.
    pub unit: Option<String>,
    /// When the team works.
    pub hours: Option<String>,
    /// Whether the team takes an order directly; otherwise staff dispatch it.
    pub direct: bool,
}

/// Parses a price a person types in yuan ("25", "25.5", "0.80") into fen. Refuses negative,
/// malformed and absurd prices, and more than two decimals.
pub fn parse_yuan(text: &str) -> Result<i64> {
    let bad = || Error::InvalidInput(Refusal::PriceForm.with(&[&format!("{text:?}")]));
    let t = text.trim();
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty() || frac.len() > 2 || !whole.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let fen = whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(frac))
        .ok_or_else(bad)?;
    check_price(Some(fen))?;
    Ok(fen)
}

fn check_price(price_fen: Option<i64>) -> Result<()> {
    match price_fen {
        Some(p) if !(0..=MAX_PRICE_FEN).contains(&p) => {
            Err(Error::InvalidInput(Refusal::PriceRange.with(&[&(MAX_PRICE_FEN / 100)])))
        }
        _ => Ok(()),
    }
}

/// Publishes an item on the menu; only staff may do it, for a team of the group. Returns the
/// item's id.
pub fn add_item(doc: &mut AutoCommit, by: MemberId, item: &NewMenuItem, now: Millis) -> Result<String> {
    let view = super::read(doc)?;
    if !view.is_staff(by) {
        return Err(Error::NotAllowed("only staff publish the service menu"));
    }
    if view.team(&item.team).is_none() {
        return Err(Error::InvalidInput(Refusal::NoSuchTeam.into()));
    }
    let title = validate::text("menu item title", &item.title, validate::MAX_NAME)?;
    let description = validate::optional("description", Some(&item.description), validate::MAX_TEXT)?;
    let unit = validate::optional("unit", item.unit.as_deref(), validate::MAX_NAME)?;
    let hours = validate::optional("hours", item.hours.as_deref(), validate::MAX_NAME)?;
    check_price(item.price_fen)?;
    let menu = match read::obj(doc, &ROOT, "menu") {
        Some(m) => m,
        None => doc.put_object(ROOT, "menu", ObjType::Map)?,
    };
    let id = DocId::random().to_string();
    let m = doc.put_object(&menu, id.as_str(), ObjType::Map)?;
    doc.put(&m, "title", title)?;
    doc.put(&m, "description", description.unwrap_or_default())?;
    doc.put(&m, "team", item.team.as_str())?;
    if let Some(p) = item.price_fen {
        doc.put(&m, "price_fen", p)?;
    }
    if let Some(u) = unit {
        doc.put(&m, "unit", u)?;
    }
    if let Some(h) = hours {
        doc.put(&m, "hours", h)?;
    }
    doc.put(&m, "direct", item.direct)?;
    doc.put(&m, "created_at", now)?;
    Ok(id)
}

/// Takes an item off the menu; only staff may do it. Orders already made go on.
pub fn withdraw_item(doc: &mut AutoCommit, by: MemberId, item: &str, now: Millis) -> Result<()> {
    let view = super::read(doc)?;
    if !view.is_staff(by) {
        return Err(Error::NotAllowed("only staff change the service menu"));
    }
    let unknown = || Error::InvalidInput(Refusal::NoSuchMenuItem.into());
    let menu = read::obj(doc, &ROOT, "menu").ok_or_else(unknown)?;
    let m = read::obj(doc, &menu, item).ok_or_else(unknown)?;
    if read::int(doc, &m, "withdrawn_at").is_none() {
        doc.put(&m, "withdrawn_at", now)?;
    }
    Ok(())
}

/// The menu, by title.
pub fn read(doc: &impl ReadDoc) -> Vec<MenuItemView> {
    let Some(menu) = read::obj(doc, &ROOT, "menu") else {
        return Vec::new();
    };
    let mut items: Vec<MenuItemView> = read::keys(doc, &menu)
        .into_iter()
        .filter_map(|key| {
            let m = read::obj(doc, &menu, &key)?;
            Some(MenuItemView {
                title: read::str(doc, &m, "title")?,
                description: read::str(doc, &m, "description").unwrap_or_default(),
                team: read::str(doc, &m, "team").unwrap_or_default(),
                price_fen: read::int(doc, &m, "price_fen"),
                unit: read::str(doc, &m, "unit"),
                hours: read::str(doc, &m, "hours"),
                direct: read::bool(doc, &m, "direct"),
                withdrawn_at: read::int(doc, &m, "withdrawn_at"),
                id: key,
            })
        })
        .collect();
    items.sort_by(|a, b| a.title.cmp(&b.title).then(a.id.cmp(&b.id)));
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_price_in_yuan_is_kept_in_fen_and_nonsense_is_refused() {
        assert_eq!(parse_yuan("25").ok(), Some(2500));
        assert_eq!(parse_yuan("12.5").ok(), Some(1250));
        assert_eq!(parse_yuan("0.08").ok(), Some(8));
        for bad in ["", "-3", "1.234", "abc", "1e3", "99999999", "."] {
            assert!(parse_yuan(bad).is_err(), "{bad:?}");
        }
    }
}
