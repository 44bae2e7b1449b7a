//! The grid worker's side of the relay: photos sent with resumable uploads ([`photos`]), the
//! quota and expiry of unfinished uploads ([`uploads`]), and who a need or report may be assigned
//! to ([`assignments`]). Who keeps the household registry and who reads a photo are the access
//! policy's (`crate::access`).

pub mod assignments;
pub mod photos;
pub mod uploads;
