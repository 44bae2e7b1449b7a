// A foreign Automerge writer: adds a comment to a Jinlin help-request document the way any
// JavaScript app using the official Automerge library would, with plain JS strings (which
// Automerge stores as Text objects, not as Jinlin's scalar strings).
//
//   node tests/js/comment.cjs SAVED_DOC OUT MEMBER_ID AUTHOR_ID NAME TEXT AT_MS
//
// SAVED_DOC is the request document as a Jinlin phone saved it; the change is written as
// MEMBER_ID (its actor is the member id's 16 bytes); AUTHOR_ID is the comment's author field.
// Writes the new change's bytes to OUT. `scripts/js-deps.sh` installs the library; NODE_PATH
// points at it.
"use strict";

const fs = require("fs");
const Automerge = require("@automerge/automerge");

const [file, out, member, author, name, text, at] = process.argv.slice(2);
if (!at) {
  console.error("usage: comment.cjs SAVED_DOC OUT MEMBER_ID AUTHOR_ID NAME TEXT AT_MS");
  process.exit(2);
}
const actor = member.replace(/-/g, "");
const doc = Automerge.load(new Uint8Array(fs.readFileSync(file)), { actor });
const next = Automerge.change(doc, (d) => {
  d.comments.push({ author, name, text, at: Number(at) });
});
const change = Automerge.getLastLocalChange(next);
fs.writeFileSync(out, change);
