//! Two phones proving to each other, with no relay, who they are: a challenge–response over
//! whatever carries bytes between them (TCP on a local network, Bluetooth, a test's pipe), as
//! messages in and messages out.
//!
//! Each side sends [`Message::Hello`]: its credential and a fresh random challenge. On the other's
//! Hello a side checks the credential ([`credential::check`]: the pinned relay key, expiry,
//! revocations, the community) and answers [`Message::Proof`]: its device key's signature over
//! the context, the peer's challenge, its own challenge and its member id. On the other's Proof it
//! checks that signature with the key the peer's credential names. Only then is the peer
//! authenticated. Someone who replays a neighbour's credential (overheard on an earlier link)
//! cannot sign the fresh challenge; a proof recorded on another link answers another challenge.

use serde::{Deserialize, Serialize};

use super::credential::{self, Credential, PublicKey, Refused, SignedCredential, SigningKey};
use crate::clock::Millis;
use crate::ids::{DocId, MemberId};

/// Bytes every proof starts with, so a signature made for anything else never passes as one.
pub const CONTEXT: &[u8] = b"jinlin-peer-proof-v1";

/// What the phones say to each other while they authenticate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Message {
    /// "Here is what the relay vouches for about me, and a challenge for you."
    Hello {
        /// The sender's credential.
        credential: SignedCredential,
        /// Hex of 32 random bytes.
        challenge: String,
    },
    /// "Here is your challenge, signed by the key my credential names."
    Proof {
        /// Hex of the Ed25519 signature.
        signature: String,
    },
}

/// Where a handshake stands.
#[derive(Debug)]
enum Stage {
    /// Waiting for the peer's Hello.
    AwaitHello,
    /// The peer's credential holds; waiting for its proof.
    AwaitProof {
        peer: Box<Credential>,
        key: PublicKey,
        theirs: [u8; 32],
    },
    /// Authenticated.
    Done,
}

/// One side of a handshake.
#[derive(Debug)]
pub struct Handshake {
    key: SigningKey,
    member: MemberId,
    relay_key: PublicKey,
    community: DocId,
    revoked: Vec<MemberId>,
    now: Millis,
    challenge: [u8; 32],
    stage: Stage,
}

/// What a received message leads to.
#[derive(Debug, PartialEq)]
pub enum Step {
    /// Send this to the peer.
    Send(Message),
    /// The peer is who its credential says.
    Authenticated(Box<Credential>),
}

/// What one side needs to start.
#[derive(Debug)]
pub struct Me {
    /// The device's signing key.
    pub key: SigningKey,
    /// Its credential from the relay.
    pub credential: SignedCredential,
    /// Its member id.
    pub member: MemberId,
    /// The relay key pinned at registration.
    pub relay_key: PublicKey,
    /// The community the link is for.
    pub community: DocId,
    /// Members the relay last said were revoked.
    pub revoked: Vec<MemberId>,
}

impl Handshake {
    /// Starts a handshake at `now` with a fresh `challenge`; the Hello to send.
    pub fn start(me: Me, now: Millis, challenge: [u8; 32]) -> (Handshake, Message) {
        let hello = Message::Hello {
            credential: me.credential,
            challenge: hex::encode(challenge),
        };
        let handshake = Handshake {
            key: me.key,
            member: me.member,
            relay_key: me.relay_key,
            community: me.community,
            revoked: me.revoked,
            now,
            challenge,
            stage: Stage::AwaitHello,
        };
        (handshake, hello)
    }

    /// Takes the peer's next message.
    pub fn receive(&mut self, msg: Message) -> Result<Step, Refused> {
        match (std::mem::replace(&mut self.stage, Stage::Done), msg) {
            (Stage::AwaitHello, Message::Hello { credential, challenge }) => {
                let peer = credential::check(&credential, &self.relay_key, self.community, &self.revoked, self.now)?;
                let key = peer.device_key().ok_or(Refused::NoDeviceKey)?;
                let theirs: [u8; 32] = hex::decode(&challenge)
                    .ok()
                    .and_then(|c| c.try_into().ok())
                    .ok_or_else(|| Refused::Unreadable("a challenge is 32 bytes".into()))?;
                let proof = self.key.sign(&proof_message(&theirs, &self.challenge, self.member));
                self.stage = Stage::AwaitProof {
                    peer: Box::new(peer),
                    key,
                    theirs,
                };
                Ok(Step::Send(Message::Proof {
                    signature: hex::encode(proof),
                }))
            }
            (Stage::AwaitProof { peer, key, theirs }, Message::Proof { signature }) => {
                let signature = hex::decode(&signature).map_err(|_| Refused::NoProof)?;
                // The peer signed my challenge, then its own, then its member id.
                let signed = proof_message(&self.challenge, &theirs, peer.member);
                if !credential::verify(&key, &signed, &signature) {
                    return Err(Refused::NoProof);
                }
                Ok(Step::Authenticated(peer))
            }
            // A proof before a Hello, a second Hello, anything after the end: the link is not
            // trusted, and the handshake is over.
            (_, _) => Err(Refused::NoProof),
        }
    }
}

/// What a proof signs: the context, the challenge answered, the prover's own challenge, the
/// prover's member id.
fn proof_message(answered: &[u8; 32], own: &[u8; 32], member: MemberId) -> Vec<u8> {
    let mut m = Vec::with_capacity(CONTEXT.len() + 64 + 36);
    m.extend_from_slice(CONTEXT);
    m.extend_from_slice(answered);
    m.extend_from_slice(own);
    m.extend_from_slice(member.to_string().as_bytes());
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::peer::credential::tests::{NOW, credential};
    use crate::peer::credential::{LIFETIME_MS, issue};

    struct Side {
        me: Me,
    }

    fn side(relay: &SigningKey, community: DocId, seed: u8) -> Side {
        let key = SigningKey::from_seed(&[seed; 32]);
        let member = MemberId::random();
        let credential = issue(relay, &credential(community, member, &key));
        Side {
            me: Me {
                key,
                credential,
                member,
                relay_key: relay.public(),
                community,
                revoked: Vec::new(),
            },
        }
    }

    /// Runs both sides to the end; what each concluded about the other.
    fn run(a: Me, b: Me, now: Millis) -> (Result<Credential, Refused>, Result<Credential, Refused>) {
        let (mut ha, hello_a) = Handshake::start(a, now, [0xA1; 32]);
        let (mut hb, hello_b) = Handshake::start(b, now, [0xB2; 32]);
        // Each judges the other's credential and answers with a proof.
        let a_reply = ha.receive(hello_b);
        let b_reply = hb.receive(hello_a);
        let verdict = |h: &mut Handshake, mine: &Result<Step, Refused>, theirs: &Result<Step, Refused>| {
            if let Err(e) = mine {
                return Err(e.clone());
            }
            match theirs {
                Ok(Step::Send(proof)) => match h.receive(proof.clone())? {
                    Step::Authenticated(c) => Ok(*c),
                    Step::Send(_) => Err(Refused::NoProof),
                },
                _ => Err(Refused::NoProof),
            }
        };
        let a_learns = verdict(&mut ha, &a_reply, &b_reply);
        let b_learns = verdict(&mut hb, &b_reply, &a_reply);
        (a_learns, b_learns)
    }

    #[test]
    fn two_neighbours_phones_authenticate_each_other_with_no_relay() {
        let relay = SigningKey::from_seed(&[1; 32]);
        let community = DocId::random();
        let (a, b) = (side(&relay, community, 2), side(&relay, community, 3));
        let (a_member, b_member) = (a.me.member, b.me.member);
        let (a_learns, b_learns) = run(a.me, b.me, NOW);
        assert_eq!(a_learns.expect("a trusts b").member, b_member);
        assert_eq!(b_learns.expect("b trusts a").member, a_member);
    }

    #[test]
    fn a_phone_replaying_a_neighbours_credential_without_her_key_is_refused() {
        let relay = SigningKey::from_seed(&[1; 32]);
        let community = DocId::random();
        let honest = side(&relay, community, 2);
        let lan = side(&relay, community, 3);
        // The impostor overheard Lan's credential but holds another key.
        let impostor = Me {
            key: SigningKey::from_seed(&[66; 32]),
            ..lan.me
        };
        let (honest_learns, _) = run(honest.me, impostor, NOW);
        assert_eq!(honest_learns.map(|c| c.member), Err(Refused::NoProof));
    }

    #[test]
    fn a_forged_expired_or_revoked_peer_or_one_from_another_community_is_refused() {
        let relay = SigningKey::from_seed(&[1; 32]);
        let community = DocId::random();
        // Forged: signed by a key that is not the pinned relay's.
        let forger = SigningKey::from_seed(&[7; 32]);
        let (_, forged_learns) = run(side(&forger, community, 4).me, side(&relay, community, 2).me, NOW);
        assert_eq!(forged_learns.map(|c| c.member), Err(Refused::Forged));
        // Expired: the week is over.
        let (a, b) = (side(&relay, community, 2), side(&relay, community, 3));
        let (learns, _) = run(a.me, b.me, NOW + LIFETIME_MS);
        assert_eq!(learns.map(|c| c.member), Err(Refused::Expired));
        // Revoked: the relay said this phone was lost.
        let (a, b) = (side(&relay, community, 2), side(&relay, community, 3));
        let lost = b.me.member;
        let a = Me {
            revoked: vec![lost],
            ..a.me
        };
        let (learns, _) = run(a, b.me, NOW);
        assert_eq!(learns.map(|c| c.member), Err(Refused::Revoked));
        // Another community's member.
        let (a, b) = (side(&relay, community, 2), side(&relay, DocId::random(), 3));
        let (learns, _) = run(a.me, b.me, NOW);
        assert_eq!(learns.map(|c| c.member), Err(Refused::OtherCommunity));
    }

    #[test]
    fn a_proof_before_a_hello_ends_the_handshake() {
        let relay = SigningKey::from_seed(&[1; 32]);
        let (mut h, _) = Handshake::start(side(&relay, DocId::random(), 2).me, NOW, [5; 32]);
        let early = h.receive(Message::Proof {
            signature: hex::encode([0u8; 64]),
        });
        assert_eq!(early, Err(Refused::NoProof));
    }
}
