//! A peer sync session: two phones of one community, no relay in reach, over any byte stream,
//! as frames in and frames out ([`super::frame`]). Nothing here does I/O; the phone drives it
//! over TCP (`jinlin peer`), a shell over Bluetooth, a test over a pipe.
//!
//! 1. **Handshake** ([`super::handshake`]): the initiator sends its hello (its credential for
//!    the community it chose); the responder answers with its own credential for that community
//!    and its proof; the initiator proves in turn. Each checks the other's credential against
//!    the relay key it pinned, its expiry, the revocations it last received and the community.
//! 2. **Turns**: the initiator, then the responder, then the initiator again, each sends one
//!    Automerge sync message per document that has something to say, then [`Frame::End`]. Only
//!    documents the other's credential entitles it to read are offered ([`Entitled`], the
//!    relay's rule). Automerge's sync state per document makes each side send only what the
//!    other lacks. Every change sent carries its author's signature: this phone's own changes
//!    are signed as they go, a neighbour's with the signature they came with; a document whose
//!    missing changes cannot be signed (changes received from the relay, which signs nothing)
//!    is not offered: the relay brings it.
//! 3. **Receiving** ([`super::checks`]): a document's changes are kept only if every one is
//!    signed by its author, whose credential came with it, and writes only what its author may
//!    write (the same write rules as the relay's). Otherwise the document is refused whole,
//!    with [`Frame::Refused`] and the reason, and the session goes on with the rest. At most
//!    [`SESSION_BUDGET`] bytes of changes and [`MAX_NEW_DOCS`] new documents are taken from one
//!    peer in one session.
//! 4. **End**: when a turn received was empty and this side has nothing to say either, it says
//!    [`Frame::Bye`]. Accepted changes are handed to the phone after every frame
//!    ([`Session::take_received`]), so a link that breaks keeps what arrived whole; the next
//!    session starts from what each side holds and sends only the rest.

use std::collections::{BTreeMap, HashMap, HashSet};

use automerge::sync::{self, SyncDoc as _};
use automerge::{AutoCommit, Change, ChangeHash, ROOT};
use serde::Serialize;
use serde_bytes::ByteBuf;

use super::authorship;
use super::checks::{self, Context};
use super::credential::{self, Credential, PublicKey, Refused, SignedCredential, SigningKey};
use super::entitled::Entitled;
use super::frame::{DocSync, Frame, PEER_VERSION, SIGNATURE_LEN};
use super::gaps;
use super::handshake::{self, Handshake, Step};
use crate::GroupView;
use crate::clock::Millis;
use crate::docs::group::tree::GroupTree;
use crate::error::{Error, Result};
use crate::ids::{DocId, MemberId};
use crate::kinds::DocKind;

/// Bytes of changes one peer may hand another in one session.
pub const SESSION_BUDGET: usize = 8 * 1024 * 1024;
/// Documents new to the receiver one peer may hand it in one session.
pub const MAX_NEW_DOCS: usize = 2_000;
/// Change signatures one peer may hand another in one session.
pub const MAX_SIGNATURES: usize = 100_000;

/// A document a phone holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    /// The document.
    pub id: DocId,
    /// Its kind.
    pub kind: DocKind,
    /// The group it is filed under.
    pub group: DocId,
    /// A household's building.
    pub building: Option<String>,
}

/// What a session reads of the phone it runs on.
pub trait Replica {
    /// The documents it holds.
    fn held(&self) -> Result<Vec<Held>>;
    /// One document, if held.
    fn load(&self, id: DocId) -> Result<Option<AutoCommit>>;
    /// Its group tree.
    fn tree(&self) -> Result<GroupTree>;
    /// A group as it holds it.
    fn group(&self, id: DocId) -> Result<Option<GroupView>>;
    /// The author's signature of a change received from a peer, if held.
    fn signature(&self, hash: &ChangeHash) -> Result<Option<Vec<u8>>>;
    /// The credential of an author of changes received from a peer, if held.
    fn author(&self, member: MemberId) -> Result<Option<SignedCredential>>;
}

/// Who this side is.
#[derive(Debug)]
pub struct Local {
    /// The device's signing key.
    pub key: SigningKey,
    /// Its member.
    pub member: MemberId,
    /// The relay key pinned at registration.
    pub relay_key: PublicKey,
    /// Its credentials, one per community.
    pub credentials: Vec<SignedCredential>,
    /// Members the relay last said were revoked.
    pub revoked: Vec<MemberId>,
    /// The community to sync (the initiator's choice; the first credential's without one).
    pub community: Option<DocId>,
}

/// Changes of one document accepted from the peer, for the phone to store (and to carry on to
/// the relay with their signatures).
#[derive(Debug, Clone)]
pub struct Received {
    /// The document.
    pub id: DocId,
    /// Its kind.
    pub kind: DocKind,
    /// Its group.
    pub group: DocId,
    /// The new changes, in dependency order.
    pub changes: Vec<Change>,
    /// Their authors' signatures.
    pub signatures: Vec<(ChangeHash, Vec<u8>)>,
    /// Their authors' credentials.
    pub authors: Vec<(MemberId, SignedCredential)>,
}

/// A document refused, by which side, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefusedDoc {
    /// The document.
    pub doc_id: DocId,
    /// Why.
    pub reason: String,
}

/// What a session did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The peer's member, once authenticated.
    pub peer: Option<MemberId>,
    /// The peer's name, as its credential says.
    pub peer_name: Option<String>,
    /// Turns this side sent.
    pub turns: u32,
    /// Changes sent.
    pub sent_changes: usize,
    /// Documents whose changes were sent.
    pub sent_docs: usize,
    /// Changes received and kept.
    pub received_changes: usize,
    /// Documents that changed here.
    pub received_docs: usize,
    /// Documents this side refused.
    pub refused: Vec<RefusedDoc>,
    /// Documents the peer refused.
    pub refused_by_peer: Vec<RefusedDoc>,
    /// Documents not offered because changes the peer lacks cannot be signed (they came from the
    /// relay): the relay brings them.
    pub withheld: usize,
    /// Raw Automerge bytes of the changes sent.
    pub change_bytes_sent: u64,
    /// Raw Automerge bytes of the changes received and kept.
    pub change_bytes_received: u64,
    /// Bytes written to the link (counted by the transport that drives the session).
    pub bytes_sent: u64,
    /// Bytes read from the link (counted by the transport).
    pub bytes_received: u64,
}

/// Why a session ended early.
#[derive(Debug, thiserror::Error)]
pub enum PeerError {
    /// The peer is not trusted.
    #[error("{0}")]
    Refused(#[from] Refused),
    /// The peer broke the protocol or ended the link with a reason.
    #[error("the peer link failed: {0}")]
    Protocol(String),
    /// This phone's store failed.
    #[error(transparent)]
    Store(#[from] Error),
}

struct Doc {
    kind: DocKind,
    group: DocId,
    building: Option<String>,
    doc: AutoCommit,
    state: sync::State,
    /// Refused by either side, or not to be offered: no more messages about it.
    closed: bool,
}

#[derive(Clone, Copy)]
enum At {
    AwaitHello,
    Handshaking,
    Syncing,
    Over,
}

enum Stage {
    /// The responder waits for the initiator's hello.
    AwaitHello,
    /// Authenticating.
    Handshaking(Box<Handshake>),
    /// Authenticated: syncing in turns.
    Syncing,
    /// Over.
    Over,
}

/// One side of a peer sync session.
pub struct Session {
    local: Local,
    now: Millis,
    challenge: [u8; 32],
    initiator: bool,
    stage: Stage,
    community: Option<DocId>,
    tree: GroupTree,
    peer: Option<Entitled>,
    mine: Option<Entitled>,
    docs: BTreeMap<DocId, Doc>,
    authors: HashMap<MemberId, Entitled>,
    author_signed: HashMap<MemberId, SignedCredential>,
    peer_signed: Option<SignedCredential>,
    /// Signatures received this session: a change may arrive in one message and apply only
    /// with a later one (its dependency held back by a false positive of a bloom filter).
    signatures: HashMap<ChangeHash, Vec<u8>>,
    authors_sent: HashSet<MemberId>,
    used: usize,
    new_docs: usize,
    heard_this_turn: bool,
    received: Vec<Received>,
    report: Report,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("member", &self.local.member)
            .field("report", &self.report)
            .finish_non_exhaustive()
    }
}

fn copy_key(key: &SigningKey) -> SigningKey {
    SigningKey::from_seed(&key.seed())
}

impl Session {
    fn new(local: Local, now: Millis, challenge: [u8; 32], initiator: bool) -> Session {
        Session {
            local,
            now,
            challenge,
            initiator,
            stage: Stage::AwaitHello,
            community: None,
            tree: GroupTree::default(),
            peer: None,
            mine: None,
            docs: BTreeMap::new(),
            authors: HashMap::new(),
            author_signed: HashMap::new(),
            peer_signed: None,
            signatures: HashMap::new(),
            authors_sent: HashSet::new(),
            used: 0,
            new_docs: 0,
            heard_this_turn: false,
            received: Vec::new(),
            report: Report::default(),
        }
    }

    /// Starts a session as the side that opened the link; the frames to send.
    pub fn initiate(local: Local, now: Millis, challenge: [u8; 32]) -> Result<(Session, Vec<Frame>), PeerError> {
        let mut session = Session::new(local, now, challenge, true);
        let chosen = match session.local.community {
            Some(c) => c,
            None => session
                .local
                .credentials
                .iter()
                .find_map(|s| credential::peek(s).map(|c| c.community))
                .ok_or_else(|| PeerError::Protocol(NO_CREDENTIAL.into()))?,
        };
        let hello = session.start_handshake(chosen)?;
        Ok((session, vec![hello]))
    }

    /// Starts a session as the side that accepted the link: it waits for the hello.
    pub fn respond(local: Local, now: Millis, challenge: [u8; 32]) -> Session {
        Session::new(local, now, challenge, false)
    }

    /// Whether the session is over.
    pub fn is_over(&self) -> bool {
        matches!(self.stage, Stage::Over)
    }

    /// What it did so far.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The peer's credential, once authenticated.
    pub fn peer(&self) -> Option<&Credential> {
        self.peer.as_ref().map(|p| &p.credential)
    }

    /// The changes accepted since the last call, for the phone to store.
    pub fn take_received(&mut self) -> Vec<Received> {
        std::mem::take(&mut self.received)
    }

    /// This side's handshake for `community`: its hello.
    fn start_handshake(&mut self, community: DocId) -> Result<Frame, PeerError> {
        let credential = self
            .local
            .credentials
            .iter()
            .find(|s| credential::peek(s).is_some_and(|c| c.community == community))
            .cloned()
            .ok_or_else(|| PeerError::Protocol(NO_CREDENTIAL.into()))?;
        let (handshake, hello) = Handshake::start(
            handshake::Me {
                key: copy_key(&self.local.key),
                credential,
                member: self.local.member,
                relay_key: self.local.relay_key,
                community,
                revoked: self.local.revoked.clone(),
            },
            self.now,
            self.challenge,
        );
        self.community = Some(community);
        self.stage = Stage::Handshaking(Box::new(handshake));
        Ok(match hello {
            handshake::Message::Hello { credential, challenge } => Frame::Hello {
                version: PEER_VERSION,
                credential,
                challenge,
            },
            handshake::Message::Proof { signature } => Frame::Proof { signature },
        })
    }

    /// Takes the peer's next frame; the frames to send.
    pub fn receive(&mut self, frame: Frame, replica: &impl Replica) -> Result<Vec<Frame>, PeerError> {
        let stage = match &self.stage {
            Stage::AwaitHello => At::AwaitHello,
            Stage::Handshaking(_) => At::Handshaking,
            Stage::Syncing => At::Syncing,
            Stage::Over => At::Over,
        };
        match (stage, frame) {
            (At::Over, _) => Ok(Vec::new()),
            (_, Frame::Bye { reason }) => {
                self.stage = Stage::Over;
                match reason {
                    Some(r) => Err(PeerError::Protocol(format!("the peer ended the link: {r}"))),
                    None => Ok(Vec::new()),
                }
            }
            (
                At::AwaitHello,
                Frame::Hello {
                    version,
                    credential,
                    challenge,
                },
            ) => {
                check_version(version)?;
                self.peer_signed = Some(credential.clone());
                // The responder answers in the community the initiator chose (checked below).
                let community = credential::peek(&credential)
                    .map(|c| c.community)
                    .ok_or_else(|| Refused::Unreadable("the hello's credential".into()))?;
                let mine = self.start_handshake(community).map_err(|_| Refused::OtherCommunity)?;
                let mut out = vec![mine];
                out.extend(self.handshake(handshake::Message::Hello { credential, challenge }, replica)?);
                Ok(out)
            }
            (
                At::Handshaking,
                Frame::Hello {
                    version,
                    credential,
                    challenge,
                },
            ) => {
                check_version(version)?;
                self.peer_signed = Some(credential.clone());
                self.handshake(handshake::Message::Hello { credential, challenge }, replica)
            }
            (At::Handshaking, Frame::Proof { signature }) => {
                self.handshake(handshake::Message::Proof { signature }, replica)
            }
            (At::Syncing, Frame::Sync(sync)) => {
                self.heard_this_turn = true;
                self.take_sync(sync, replica)
            }
            (At::Syncing, Frame::Refused { doc, reason }) => {
                self.heard_this_turn = true;
                if let Some(d) = self.docs.get_mut(&doc) {
                    d.closed = true;
                }
                self.report.refused_by_peer.push(RefusedDoc { doc_id: doc, reason });
                Ok(Vec::new())
            }
            (At::Syncing, Frame::End) => self.turn(replica),
            (_, _) => {
                self.stage = Stage::Over;
                Err(Refused::NoProof.into())
            }
        }
    }

    /// One handshake message; once the peer is authenticated, the initiator's first turn.
    fn handshake(&mut self, msg: handshake::Message, replica: &impl Replica) -> Result<Vec<Frame>, PeerError> {
        let Stage::Handshaking(h) = &mut self.stage else {
            return Err(Refused::NoProof.into());
        };
        let step = match h.receive(msg) {
            Ok(step) => step,
            Err(e) => {
                self.stage = Stage::Over;
                return Err(e.into());
            }
        };
        match step {
            Step::Send(handshake::Message::Proof { signature }) => Ok(vec![Frame::Proof { signature }]),
            Step::Send(handshake::Message::Hello { .. }) => Err(Refused::NoProof.into()),
            Step::Authenticated(peer) => {
                self.stage = Stage::Syncing;
                self.authenticated(*peer, replica)?;
                if self.initiator {
                    self.turn(replica)
                } else {
                    Ok(Vec::new())
                }
            }
        }
    }

    /// The peer is who its credential says: read what it and this side are entitled to, and
    /// load the documents it may read.
    fn authenticated(&mut self, peer: Credential, replica: &impl Replica) -> Result<(), PeerError> {
        self.tree = replica.tree()?;
        let key = peer.device_key().ok_or(Refused::NoDeviceKey)?;
        let peer = Entitled::new(peer, key, &self.tree);
        self.report.peer = Some(peer.credential.member);
        self.report.peer_name = Some(peer.credential.name.clone());
        self.authors.insert(peer.credential.member, peer.clone());
        if let Some(signed) = self.peer_signed.take() {
            self.author_signed.insert(peer.credential.member, signed);
        }
        let community = self.community;
        let mine = self
            .local
            .credentials
            .iter()
            .filter_map(credential::peek)
            .find(|c| Some(c.community) == community)
            .ok_or_else(|| PeerError::Protocol(NO_CREDENTIAL.into()))?;
        self.mine = Some(Entitled::new(mine, self.local.key.public(), &self.tree));
        for held in replica.held()? {
            if !peer.may_read(held.kind, held.group, held.building.as_deref()) {
                continue;
            }
            if let Some(doc) = replica.load(held.id)? {
                self.docs.insert(
                    held.id,
                    Doc {
                        kind: held.kind,
                        group: held.group,
                        building: held.building,
                        doc,
                        state: sync::State::new(),
                        closed: false,
                    },
                );
            }
        }
        self.peer = Some(peer);
        Ok(())
    }

    /// This side's turn: a message for every document with something to say, then `End`; or
    /// `Bye` when neither side has anything left.
    fn turn(&mut self, replica: &impl Replica) -> Result<Vec<Frame>, PeerError> {
        let heard = std::mem::take(&mut self.heard_this_turn);
        let ids: Vec<DocId> = self.docs.keys().copied().collect();
        let mut out = Vec::new();
        for id in ids {
            if let Some(frame) = self.message_for(id, replica)? {
                out.push(frame);
            }
        }
        // The initiator's first turn always ends with `End`, so the responder takes its turn.
        let first = self.initiator && self.report.turns == 0;
        if out.is_empty() && !heard && !first {
            self.stage = Stage::Over;
            return Ok(vec![Frame::Bye { reason: None }]);
        }
        self.report.turns += 1;
        out.push(Frame::End);
        Ok(out)
    }

    /// The sync message for one document, if it has something to say and every change it would
    /// carry can be signed.
    fn message_for(&mut self, id: DocId, replica: &impl Replica) -> Result<Option<Frame>, PeerError> {
        let me = self.local.member;
        let may_read = match (&self.peer, self.docs.get(&id)) {
            (Some(peer), Some(d)) => !d.closed && peer.may_read(d.kind, d.group, d.building.as_deref()),
            _ => false,
        };
        if !may_read {
            return Ok(None);
        }
        let Some(d) = self.docs.get_mut(&id) else {
            return Ok(None);
        };
        let mut trial = d.state.clone();
        let Some(mut message) = d.doc.sync().generate_sync_message(&mut trial) else {
            return Ok(None);
        };
        // Signatures go in the order of the message's changes, without their hashes: the
        // receiver computes each hash from the change's bytes.
        let mut new = Vec::with_capacity(message.changes.len());
        for chunk in message.changes.iter() {
            let change = Change::from_bytes(chunk.to_vec()).map_err(|e| Error::CorruptDocument {
                id: id.to_string(),
                reason: e.to_string(),
            })?;
            new.push(change);
        }
        // Dependencies a bloom filter's false positive held back go too, when they can be signed.
        let new = gaps::fill(&mut d.doc, &mut trial, &mut message, new, |c| {
            Ok(match MemberId::of_actor(c.actor_id()) {
                Some(a) if a == me => true,
                Some(a) => {
                    replica.signature(&c.hash())?.is_some_and(|s| s.len() == SIGNATURE_LEN)
                        && replica.author(a)?.is_some()
                }
                None => false,
            })
        })?;
        let mut signatures = Vec::with_capacity(new.len() * SIGNATURE_LEN);
        let mut authors = Vec::new();
        let mut named = HashSet::new();
        let mut raw = 0u64;
        for change in &new {
            let hash = change.hash();
            raw += change.raw_bytes().len() as u64;
            let author = MemberId::of_actor(change.actor_id());
            let signature = match author {
                Some(a) if a == me => Some(authorship::sign(&self.local.key, &hash).to_vec()),
                Some(a) => match replica.signature(&hash)? {
                    Some(s) if s.len() != SIGNATURE_LEN => None,
                    Some(s) if self.authors_sent.contains(&a) || named.contains(&a) => Some(s),
                    Some(s) => match replica.author(a)? {
                        Some(cred) => {
                            named.insert(a);
                            if Some(a) != self.peer.as_ref().map(|p| p.credential.member) {
                                authors.push(cred);
                            }
                            Some(s)
                        }
                        None => None,
                    },
                    None => None,
                },
                None => None,
            };
            match signature {
                Some(s) => signatures.extend_from_slice(&s),
                None => {
                    // Changes from the relay are not signed: the relay brings this document.
                    d.closed = true;
                    self.report.withheld += 1;
                    return Ok(None);
                }
            }
        }
        d.state = trial;
        self.authors_sent.extend(named);
        if !new.is_empty() {
            self.report.sent_changes += new.len();
            self.report.sent_docs += 1;
            self.report.change_bytes_sent += raw;
        }
        Ok(Some(Frame::Sync(DocSync {
            doc: id,
            kind: d.kind,
            group: d.group,
            message: ByteBuf::from(message.encode()),
            signatures: ByteBuf::from(signatures),
            authors,
        })))
    }

    /// A sync message from the peer: checked, then kept or refused.
    fn take_sync(&mut self, msg: DocSync, replica: &impl Replica) -> Result<Vec<Frame>, PeerError> {
        match self.accept(&msg, replica)? {
            Ok(()) => Ok(Vec::new()),
            Err(reason) => {
                if let Some(d) = self.docs.get_mut(&msg.doc) {
                    d.closed = true;
                }
                self.report.refused.push(RefusedDoc {
                    doc_id: msg.doc,
                    reason: reason.clone(),
                });
                Ok(vec![Frame::Refused { doc: msg.doc, reason }])
            }
        }
    }

    /// Whether the message's changes may be kept (the inner error says why not); keeps them.
    fn accept(&mut self, msg: &DocSync, replica: &impl Replica) -> Result<std::result::Result<(), String>, PeerError> {
        if self.docs.get(&msg.doc).is_some_and(|d| d.closed) {
            return Ok(Err(
                "this phone no longer takes changes of that document in this session".into(),
            ));
        }
        let mut message = match crate::untrusted::sync_message(&msg.message) {
            Ok(m) => m,
            Err(e) => return Ok(Err(format!("the sync message does not read: {e}"))),
        };
        // Read as a message of Automerge's first format, so this side's state never learns that
        // the peer takes the second: its answers then list exactly the changes the peer lacks,
        // each of which must be signed, never the whole document saved (which would carry
        // changes from the relay, signed by no one).
        message.flags = None;
        // The document as this phone holds it, or an empty one.
        let fresh = !self.docs.contains_key(&msg.doc);
        if fresh {
            match replica.load(msg.doc)? {
                Some(_) => return Ok(Err(NOT_OFFERED.into())),
                None if self.new_docs >= MAX_NEW_DOCS => {
                    return Ok(Err(
                        "more new documents than a phone takes from one peer at a time".into()
                    ));
                }
                None => {}
            }
        }
        let (doc, state, kind, group) = match self.docs.get(&msg.doc) {
            Some(d) if d.kind != msg.kind || d.group != msg.group => return Ok(Err(NOT_OFFERED.into())),
            Some(d) => (d.doc.clone(), d.state.clone(), d.kind, d.group),
            None => (AutoCommit::new(), sync::State::new(), msg.kind, msg.group),
        };
        // Authors' credentials and signatures are kept for the session: a change may apply only
        // with a later message (its dependency held back), and is checked then.
        for signed in &msg.authors {
            self.take_author(signed)?;
        }
        // The i-th signature is the i-th change's: each change is read to compute its hash.
        if msg.signatures.len() != message.changes.len() * SIGNATURE_LEN {
            return Ok(Err("the signatures do not match the changes sent".into()));
        }
        for (chunk, signature) in message.changes.iter().zip(msg.signatures.chunks_exact(SIGNATURE_LEN)) {
            let Some(change) = crate::untrusted::change(chunk) else {
                return Ok(Err("a change sent is not a single change".into()));
            };
            if self.signatures.len() >= MAX_SIGNATURES {
                break;
            }
            self.signatures.insert(change.hash(), signature.to_vec());
        }
        let mut before = doc;
        let mut after = before.clone();
        let mut state = state;
        if let Err(e) = crate::untrusted::receive_sync(&mut after, &mut state, message) {
            return Ok(Err(format!("the changes do not apply: {e}")));
        }
        let new = after.get_changes(&before.get_heads());
        if !new.is_empty() {
            let bytes: usize = new.iter().map(|c| c.raw_bytes().len()).sum();
            if self.used + bytes > SESSION_BUDGET {
                return Ok(Err("more than a phone takes from one peer at a time".into()));
            }
            // Only a document this phone may read itself, and authors it can trust.
            let building = crate::read::str(&after, &ROOT, "building");
            let mine = self
                .mine
                .as_ref()
                .is_some_and(|m| m.may_read(kind, group, building.as_deref()));
            if !mine {
                return Ok(Err(NOT_OFFERED.into()));
            }
            let cx = Context {
                kind,
                group,
                signatures: &self.signatures,
                authors: &self.authors,
                tree: &self.tree,
                group_view: replica.group(group)?,
            };
            if let Err(reason) = checks::check(&before, &new, &cx) {
                return Ok(Err(reason));
            }
            self.used += bytes;
            let authors: Vec<(MemberId, SignedCredential)> = new
                .iter()
                .filter_map(|c| MemberId::of_actor(c.actor_id()))
                .collect::<HashSet<_>>()
                .into_iter()
                .filter_map(|m| self.author_signed.get(&m).map(|s| (m, s.clone())))
                .collect();
            let kept: Vec<(ChangeHash, Vec<u8>)> = new
                .iter()
                .filter_map(|c| self.signatures.get(&c.hash()).map(|s| (c.hash(), s.clone())))
                .collect();
            self.report.received_changes += new.len();
            self.report.received_docs += 1;
            self.report.change_bytes_received += bytes as u64;
            self.received.push(Received {
                id: msg.doc,
                kind,
                group,
                changes: new,
                signatures: kept,
                authors,
            });
        }
        if fresh {
            self.new_docs += 1;
        }
        let building = crate::read::str(&after, &ROOT, "building");
        let entry = self.docs.entry(msg.doc).or_insert_with(|| Doc {
            kind,
            group,
            building: None,
            doc: AutoCommit::new(),
            state: sync::State::new(),
            closed: false,
        });
        entry.doc = after;
        entry.state = state;
        entry.building = building;
        Ok(Ok(()))
    }

    /// A forwarded author's credential: kept if it holds.
    fn take_author(&mut self, signed: &SignedCredential) -> Result<(), PeerError> {
        let Some(community) = self.community else {
            return Ok(());
        };
        let Ok(cred) = credential::check(signed, &self.local.relay_key, community, &self.local.revoked, self.now)
        else {
            return Ok(());
        };
        let Some(key) = cred.device_key() else {
            return Ok(());
        };
        let member = cred.member;
        self.author_signed.insert(member, signed.clone());
        self.authors.insert(member, Entitled::new(cred, key, &self.tree));
        Ok(())
    }
}

const NO_CREDENTIAL: &str = "this phone holds no credential for that community; sync with the relay first";
const NOT_OFFERED: &str = "this phone may not hold that document";

fn check_version(version: u32) -> Result<(), PeerError> {
    if version != PEER_VERSION {
        return Err(PeerError::Protocol(format!(
            "peer protocol version {version} is not supported (this build speaks {PEER_VERSION})"
        )));
    }
    Ok(())
}
