//! The device's calls about urgent alerts: decline one, say it was seen, read the receipts, and
//! the member's alert settings on the relay (availability, quiet hours, where to push, the language pushes are worded in).
//! The relay decides who is alerted; these calls only feed it.

use reqwest::Method;

use crate::net::client::{RelayClient, Repeat, from_json};
use jinlin_model::Language;
use jinlin_model::error::Result;
use jinlin_model::ids::DocId;
use jinlin_model::protocol::{
    AlertReceipts, Availability, HomeLocation, LanguageSetting, PushRegistration, QuietHoursSetting,
};

impl RelayClient {
    /// `POST /v1/requests/{id}/decline`: "I can't come"; the alert passes on at once.
    pub async fn decline(&self, request: DocId) -> Result<()> {
        let path = format!("/v1/requests/{request}/decline");
        self.json_call::<()>(Method::POST, &path, None, Repeat::Safe)
            .await
            .map(|_| ())
    }

    /// `POST /v1/alerts/{request}/seen`: the member looked at the alert.
    pub async fn alert_seen(&self, request: DocId) -> Result<()> {
        let path = format!("/v1/alerts/{request}/seen");
        self.json_call::<()>(Method::POST, &path, None, Repeat::Safe)
            .await
            .map(|_| ())
    }

    /// `GET /v1/requests/{id}/alerts`: alerted, delivered, seen, coming.
    pub async fn alert_receipts(&self, request: DocId) -> Result<AlertReceipts> {
        let path = format!("/v1/requests/{request}/alerts");
        let body = self.json_call::<()>(Method::GET, &path, None, Repeat::Safe).await?;
        from_json(&body)
    }

    /// `PUT /v1/me/availability`.
    pub async fn set_availability(&self, available: bool) -> Result<()> {
        self.json_call(
            Method::PUT,
            "/v1/me/availability",
            Some(&Availability { available }),
            Repeat::Safe,
        )
        .await
        .map(|_| ())
    }

    /// `PUT /v1/me/quiet-hours`; `None` clears them.
    pub async fn set_quiet_hours(&self, quiet: Option<&QuietHoursSetting>) -> Result<()> {
        self.json_call(Method::PUT, "/v1/me/quiet-hours", Some(&quiet), Repeat::Safe)
            .await
            .map(|_| ())
    }

    /// `PUT /v1/me/home`: where this member lives, so the nearest are alerted first; `None`
    /// forgets it.
    pub async fn set_home(&self, home: Option<&HomeLocation>) -> Result<()> {
        self.json_call(Method::PUT, "/v1/me/home", Some(&home), Repeat::Safe)
            .await
            .map(|_| ())
    }

    /// `PUT /v1/me/push`: where to reach this device when it is offline.
    pub async fn register_push(&self, push: &PushRegistration) -> Result<()> {
        self.json_call(Method::PUT, "/v1/me/push", Some(push), Repeat::Safe)
            .await
            .map(|_| ())
    }

    /// Sets the language this member's pushes and gateway texts are worded in (Chinese until
    /// set).
    pub async fn set_language(&self, language: Language) -> Result<()> {
        self.json_call(
            Method::PUT,
            "/v1/me/language",
            Some(&LanguageSetting { language }),
            Repeat::Safe,
        )
        .await
        .map(|_| ())
    }
}
