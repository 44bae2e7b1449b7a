//! What the fuzz targets share: reading a loaded document as every kind of document Jinlin
//! has, as a phone reads whatever the relay or a neighbour sends it into its views; and letting
//! Automerge's known decoder panics reach the `catch_unwind` Jinlin puts around its decoders.

use automerge::AutoCommit;
use jinlin_model::docs::{group, household, need, notice, order, proposal, report, request};

/// Reads `doc` as each of the eight document kinds; refusals are expected, panics are bugs.
pub fn read_as_every_kind(doc: &AutoCommit) {
    let _ = request::read(doc);
    let _ = group::read(doc);
    let _ = household::read(doc);
    let _ = report::read(doc);
    let _ = order::read(doc);
    let _ = proposal::read(doc);
    let _ = need::read(doc);
    let _ = notice::read(doc);
}

/// For a target's `init`: a panic inside Automerge unwinds to the `catch_unwind` that
/// `jinlin_model::untrusted` wraps around Automerge's decoders, which turns it into a refusal,
/// as on a phone or the relay. libfuzzer-sys's own hook would abort the run at the panic itself,
/// caught or not. Any other panic still aborts at once, and an Automerge panic that nothing
/// catches reaches libfuzzer-sys's wrapper, which aborts too: both are reported as crashes.
pub fn let_caught_automerge_panics_unwind() {
    let aborting = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_automerge = info.location().is_some_and(|at| at.file().contains("/automerge-"));
        if !in_automerge {
            aborting(info);
        }
    }));
}
