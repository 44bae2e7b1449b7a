//! Each neighbour reads a push in their own language: Li in building 3 never said (Chinese),
//! Chen in building 5 reads English. An urgent hospital ride reaches both through every push
//! service in turn (the signed webhook, FCM, APNs, Huawei Push Kit, Xiaomi MiPush), each a local
//! fake that speaks its real wire format, and each push is worded for its reader.

use std::time::Duration;

use jinlin_model::protocol::{PushKind, PushRegistration};
use jinlin_model::{Language, NewRequest, Place, RequestKind};
use serde_json::Value;

use jinlin_tests::eventually;

use crate::makers::Makers;
use crate::push::FakePush;
use crate::support::{DAY, Hood};

/// The title and text `token` was pushed with, if it was, as each service carries them.
fn pushed(kind: PushKind, token: &str, fake: &FakePush, makers: &Makers) -> Option<(String, String)> {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let json = |v: &Value| serde_json::from_str::<Value>(v.as_str().unwrap_or_default()).unwrap_or_default();
    match kind {
        PushKind::Webhook => fake
            .calls()
            .into_iter()
            .find(|c| c["to"] == token)
            .map(|c| (text(&c["title"]), text(&c["body"]))),
        PushKind::Fcm => fake
            .calls()
            .into_iter()
            .find(|c| c["message"]["token"] == token)
            .map(|c| {
                (
                    text(&c["message"]["data"]["title"]),
                    text(&c["message"]["data"]["body"]),
                )
            }),
        PushKind::Apns => fake
            .calls()
            .into_iter()
            .find(|c| c["device_token"] == token)
            .map(|c| (text(&c["aps"]["alert"]["title"]), text(&c["aps"]["alert"]["body"]))),
        PushKind::Huawei => makers
            .calls("huawei")
            .into_iter()
            .find(|c| c["message"]["token"][0] == token)
            .map(|c| json(&c["message"]["data"]))
            .map(|d| (text(&d["title"]), text(&d["body"]))),
        PushKind::Xiaomi => makers
            .calls("xiaomi")
            .into_iter()
            .find(|c| c["registration_id"] == token)
            .map(|c| (text(&c["title"]), text(&c["description"]))),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chinese_neighbour_is_pushed_chinese_and_an_english_one_english_by_every_push_service() {
    let (fake, makers) = (FakePush::start().await, Makers::start(Duration::from_secs(3600)).await);
    let mut settings = fake.settings();
    (settings.huawei, settings.xiaomi) = (makers.settings().huawei, makers.settings().xiaomi);
    let mut hood = Hood::with_push(DAY, settings).await;
    hood.get("Chen")
        .phone
        .client()
        .set_language(Language::En)
        .await
        .expect("Chen reads English");
    hood.offline("Li").await;
    hood.offline("Chen").await;

    for kind in [
        PushKind::Webhook,
        PushKind::Fcm,
        PushKind::Apns,
        PushKind::Huawei,
        PushKind::Xiaomi,
    ] {
        let token = |who: &str| format!("{who}-{}", kind.as_str());
        for who in ["Li", "Chen"] {
            let push = PushRegistration {
                kind,
                token: token(who),
            };
            hood.get(who).phone.client().register_push(&push).await.expect("push");
        }
        // The one-tap ride: no words of her own, her home's building and unit.
        let mut req = NewRequest::new(hood.b3, RequestKind::Hospital, "");
        req.urgent = true;
        req.place = Place {
            building: Some("3".into()),
            unit: Some("1202".into()),
            ..Place::default()
        };
        let ride = hood.get("Grandma Wang").phone.device.raise(req).expect("raise");
        hood.get("Grandma Wang").phone.sync().await;
        // Wu and Zhou hear it live; Li and Chen, offline, are pushed.
        hood.expect_alerted(ride, &["Wu", "Zhou"]).await;
        let both = || pushed(kind, &token("Li"), &fake, &makers).zip(pushed(kind, &token("Chen"), &fake, &makers));
        assert!(eventually(|| both().is_some()).await, "{kind:?}: both pushed");
        let (li, chen) = both().expect("pushed");
        assert_eq!(
            li,
            (
                "急！Grandma Wang需要送医，在3号楼1202室".to_string(),
                "请送我去医院".to_string()
            ),
            "{kind:?}: Li never said, so Chinese"
        );
        assert_eq!(
            chen,
            (
                "URGENT: Grandma Wang needs a ride to hospital, building 3, unit 1202".to_string(),
                "Please take me to hospital".to_string()
            ),
            "{kind:?}: Chen reads English"
        );
    }
    let mut sms: Vec<String> = fake
        .calls()
        .iter()
        .filter_map(|c| c["sms"].as_str().map(str::to_string))
        .collect();
    sms.sort();
    assert_eq!(
        sms,
        [
            "Jinlin URGENT: Grandma Wang needs a ride to hospital at bldg 3, unit 1202. Please call or come now.",
            "【近邻】急！Grandma Wang需要送医，在3号楼1202室。请回电或马上来。",
        ],
        "the gateway's one text message is in each reader's language"
    );
}
