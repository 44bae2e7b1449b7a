//! A voice note on an urgent ride: the requester records it on her phone, it goes up with the
//! ride through the resumable photo upload, and a driver alerted in another building plays it.
//! Nobody else records one on her request, a note over a minute writes nothing, and a neighbour
//! who was not alerted cannot fetch the sound.

use jinlin_core::net::photos::fetch_voice;
use jinlin_model::Error;
use jinlin_model::kinds::AudioType;
use reqwest::StatusCode;

use crate::support::{DAY, Hood};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_voice_note_on_an_urgent_ride_plays_on_the_phone_of_a_driver_alerted_in_another_building() {
    let hood = Hood::new(DAY).await;
    let wang = &hood.get("Grandma Wang").phone;
    let ride = wang.raise_ride(hood.b3, 1);
    let sound: Vec<u8> = (0..40_000u32).map(|i| (i % 251) as u8).collect();
    wang.device
        .attach_voice(ride, &sound, AudioType::Aac, 7_500)
        .expect("attach");
    wang.sync().await;
    hood.expect_alerted(ride, &["Li", "Wu", "Chen", "Zhou"]).await;

    // Chen lives in building 5: the alert lets him read the ride, and so hear it.
    let chen = &hood.get("Chen").phone;
    let (note, bytes) = fetch_voice(&chen.device, &chen.client(), ride).await.expect("fetch");
    assert_eq!((note.media, note.duration_ms), (AudioType::Aac, 7_500));
    assert_eq!(bytes, sound);
    assert_eq!(chen.device.blob(&note.blob).expect("kept"), Some(sound.clone()));

    // Ma, in building 5 and not alerted, gets the answer of a sound that does not exist.
    let path = format!("/v1/groups/{}/blobs/{}", hood.b3, note.blob);
    let ma = hood.relay.client().with_token(&hood.get("Ma").phone.settings().token);
    ma.get(&path).await.expect_status(StatusCode::NOT_FOUND);
    let chen_raw = hood.relay.client().with_token(&chen.settings().token);
    chen_raw.get(&path).await.expect_status(StatusCode::OK);

    // Only she records one, and never over a minute: refused, nothing written.
    let li = &hood.get("Li").phone;
    assert!(matches!(
        li.device.attach_voice(ride, b"hello", AudioType::Aac, 1_000),
        Err(Error::NotAllowed(_))
    ));
    assert!(matches!(
        wang.device
            .attach_voice(ride, b"a much longer story", AudioType::Opus, 61_000),
        Err(Error::TooLong { .. })
    ));
    let kept = wang.device.request(ride).expect("ride").voice.expect("voice");
    assert_eq!((kept.media, kept.duration_ms), (AudioType::Aac, 7_500));
}
