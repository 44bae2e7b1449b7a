//! Authorship that survives forwarding: a change carried by someone other than its author (a
//! neighbour's phone that received it in the basement and reached the relay first) travels with
//! its author's signature, the author's device key over the change's hash. The hash commits to
//! everything the change holds (actor, sequence, dependencies, operations), so the signature
//! vouches for the whole change. A peer checks it with the key the author's credential names;
//! the relay with the key the author's device registered.

use automerge::ChangeHash;

use super::credential::{self, PublicKey, SigningKey};

/// Bytes every change signature starts with, so a signature made for anything else (a
/// handshake proof) never passes as one.
pub const CONTEXT: &[u8] = b"jinlin-change-v1";

fn message(hash: &ChangeHash) -> Vec<u8> {
    let mut m = Vec::with_capacity(CONTEXT.len() + 32);
    m.extend_from_slice(CONTEXT);
    m.extend_from_slice(&hash.0);
    m
}

/// The author's signature of the change with this hash.
pub fn sign(key: &SigningKey, hash: &ChangeHash) -> [u8; 64] {
    key.sign(&message(hash))
}

/// Whether `signature` is `author`'s over the change with this hash.
pub fn verify(author: &PublicKey, hash: &ChangeHash, signature: &[u8]) -> bool {
    credential::verify(author, &message(hash), signature)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_signature_verifies_only_for_its_change_and_its_author() {
        let author = SigningKey::from_seed(&[3; 32]);
        let (hash, other) = (ChangeHash([1; 32]), ChangeHash([2; 32]));
        let signature = sign(&author, &hash);
        assert!(verify(&author.public(), &hash, &signature));
        assert!(!verify(&author.public(), &other, &signature), "another change");
        let impostor = SigningKey::from_seed(&[4; 32]);
        assert!(!verify(&impostor.public(), &hash, &signature), "another author");
        // A handshake proof never passes as a change signature.
        assert!(!verify(&author.public(), &hash, &author.sign(&hash.0)));
    }
}
