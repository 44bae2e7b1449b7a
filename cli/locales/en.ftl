# The Jinlin command line's words (English). Every key must also be in zh-Hans.ftl; cargo test
# checks that both agree and that every key the code names is written here. --json output never
# comes through here.

## Errors (output.rs)
needs-relay = this command needs the relay, and --offline says not to contact it: run it without --offline
unreached = the relay could not be reached ({ $reason }); { $what }
unreached-changes-wait = what this device wrote stays here and goes with the next sync
unreached-nothing-changed = nothing was changed; run the command again when the relay can be reached
unreached-hidden-here = the request is hidden on this device, but the alert has not passed on; run the command again when the relay can be reached

## Requests and groups (show.rs)
urgent-mark = URGENT
request-line = { $id }  { $urgent }{ $kind } { $status } { $confirmed }/{ $slots } confirmed  { $words }
request-card-title = { $kind } request { $id } — { $status }{ $urgent ->
    [yes] , urgent
   *[no] {""}
}
request-asked-by = asked by { $name }
request-raised-by = {" "}(raised by { $by })
request-own-words = "{ $text }"
request-place = , { $place }
request-at = , at { $when }
request-need = { $slots ->
    [one] 1 volunteer needed
   *[other] { $slots } volunteers needed
}
request-nobody-yet = { $need }; nobody has signed up yet
request-signups = { $need }:
request-comments = comments:
state-confirmed-picked = confirmed (picked by the requester)
state-confirmed = confirmed
state-standby = on standby (moves up if someone withdraws)
state-tentative = tentative (until the relay has seen it)
group-line = { $id }  { $kind } { $name }  ({ $members ->
    [one] 1 member
   *[other] { $members } members
}{ $role ->
    [none] {""}
   *[other] , you are { $role }
})
member-line = { $id }  { $name } ({ $role }{ $home })
member-building = , building { $building }
member-unit = , unit { $unit }

## Sync (cmd/sync.rs, cmd/refused.rs)
sync-done = Synced with { $url }: sent { $sent } change(s), received { $received } change(s)
sync-saved = {" "}and { $count } whole item(s)
sync-updated = ; { $count } item(s) updated here
sync-end = .
sync-pending = {" "}{ $count } item(s) still waiting to be sent.
sync-set-aside = The relay refused { $count } change(s) to { $doc }: { $reason }. They no longer wait to be sent; `jinlin refused` lists them.
sync-not-sent = Not sent: { $doc }: { $reason } (kept on this device).
refused-none = The relay has refused nothing this device wrote.
refused-some = The relay refused { $count } change(s) this device wrote:

## Vocabularies (show.rs word: request kinds, statuses, roles, group kinds)
word-kind-hospital = hospital
word-kind-errand = errand
word-kind-repair = repair
word-kind-companionship = companionship
word-kind-legal = legal
word-kind-other = other
word-status-open = open
word-status-in-progress = in-progress
word-status-done = done
word-status-cancelled = cancelled
word-role-resident = resident
word-role-volunteer = volunteer
word-role-building-leader = building-leader
word-role-grid-worker = grid-worker
word-role-staff = staff
word-group-community = community
word-group-estate = estate
word-group-building = building

## After a change (cmd/mod.rs, cmd/request.rs)
note-sent = sent to the relay
note-refused = the relay refused a change from this device: { $reason } (it no longer waits to be sent; `jinlin refused` lists it)
note-saved = saved on this device; `jinlin sync` sends it
note-saved-unreached = saved on this device; the relay is out of reach, so it goes with the next sync
requests-none = No requests.
done-signed-up = You signed up
done-withdrew = You withdrew; the first on standby moves up
done-started = Marked in progress
done-done = Marked done. Thank you
done-cancelled = Cancelled
done-commented = Comment added
done-picked = Picked
request-raised = { $id }
    Asked for help ({ $kind }); { $note }.
request-you-are = {" "}You are { $state }.
request-changed = { $done } ({ $status }; { $note }).{ $mine }

## Alert settings (cmd/me.rs)
me-available = You may be alerted for urgent help nearby.
me-unavailable = You will not be alerted (staff and grid workers still are in the last wave).
me-no-quiet = No quiet hours.
me-quiet-nothing = nothing comes through
me-quiet-medical = urgent medical requests still come through
me-quiet = Quiet from { $start } to { $end }; { $medical }.
me-home-off = The relay no longer knows where you live.
me-home = Urgent requests nearby reach you by distance; only the relay keeps where you live.
me-push = Alerts reach this phone by { $kind } when it is offline.
me-language-zh = Pushes and gateway texts reach you in Chinese.
me-language-en = Pushes and gateway texts reach you in English.

## Registration and identity (cmd/register.rs)
cannot-read = cannot read { $path }
register-elsewhere = this device is registered with { $existing }; use another --home to register with { $url }
register-gone = this identity was signed out of { $url } or cut off by staff, and cannot register again; use a new --home to register as a new device
register-hello = Hello { $name }! This device is { $note ->
    [again] registered again
   *[first] registered
} with { $url } (member { $member }).
whoami-nobody = This device has no identity yet: run `jinlin register --relay URL --name NAME`.
whoami-syncing = { $name } (member { $member }), syncing with { $url }; { $pending } document(s) waiting to be sent.
whoami-unregistered = { $name } (member { $member }), not registered with a relay.
signout-unregistered = this device is not registered with a relay; there is nothing to sign out of
signout-must-send = what this device wrote must reach the relay before signing out (or use --force)
signout-unsent = { $count } change(s) on this device have not reached the relay and could never be sent after signing out; run `jinlin sync` first, or sign out with --force to leave them behind
signout-left = {" "}{ $count } change(s) that never reached the relay stay on this device only.
signout-done = Signed out of { $url }: this device's token no longer works, and what you wrote stays with your neighbours.{ $left } To use Jinlin again, register with a new --home.

## Groups (cmd/group.rs)
group-created = { $id }
    Created { $name } ({ $kind }); { $note }.
invite-needs-building = a building-leader invite names the building it leads: add --building
invite-needs-uses = an invite needs at least 1 use
invite-group-unsent = the group must reach the relay before it can have invites
invite-made = { $code }
    Invites a { $role } to { $group }; { $uses ->
        [one] 1 use
       *[other] { $uses } uses
    }, valid for { $valid }.
invite-revoked = Invite { $code } is revoked.
member-short = member { $id }
device-revoked = { $name }'s device is cut off: its token no longer works and its live connection is closed. What they wrote stays; invite them again on their new phone.
groups-none = No groups yet: create one with `jinlin group create NAME` or join with `jinlin group join CODE`.
zone-named = { $group } keeps time in { $zone }.
zone-none = { $group } names no time zone: it follows the group it sits in, or UTC+8.
saved-note = {" "}Saved; { $note }.
intervals = Visits every { $red } days (red), { $yellow } days (yellow), { $blue } days (blue).
join-needs-code = give the invite code you received
join-welcome = Welcome to { $group }! You joined as { $role }.
join-unsynced = You joined group { $group } as { $role }; run `jinlin sync` to receive it.

## Urgent alerts (cmd/alerts.rs)
receipts = wave { $wave } · alerted { $alerted } · delivered { $delivered } · seen { $seen }{ $declined } · { $coming } of { $slots } coming
receipts-declined = {" "}· { $count } declined
follow-start = Alerting the nearest neighbours; Ctrl-C stops watching (the alert goes on).
follow-widening = Nobody enough yet: widening to wave { $wave }.
follow-enough = Enough neighbours are coming; the others were told it is no longer needed.
not-registered = this device is not registered with a relay
decline-not-taken = the request is hidden on this device, but the relay did not take the decline
declined = Declined; the alert passes to the next nearest neighbour.

## The daily check-in (cmd/checkin.rs, cmd/pair.rs)
checkin-paused = Paused: nobody is alerted until it ends.
checkin-resumed = Resumed.
checkin-coming = You are on your way; the others wait a little longer.
checkin-fine = She is fine: recorded, and the others are told.
checkin-needs-help = { $request }
    An urgent hospital request was raised for her; the alarm points at it.
lifeline-nobody = nobody is paired with you yet (give a pairing id to see another's lifeline)
lifeline-title = Your paired neighbours:
lifeline-no-number = no number given
lifeline-text = Without a link, text { $to }: "{ $fine }"
lifeline-stale = (as last seen: the relay is out of reach)
checkin-nobody = Nobody is paired with you yet; staff or your grid worker can pair you.
checkin-done = 我很好 — checked in for today.
checkin-late = Recorded, but it came too late to count for the day it was made: a neighbour has been alerted; tap again to tell them you are fine.
checkin-kept = 我很好 — kept on this phone; it goes to the relay with the first link (`jinlin sync`).
checkin-to-be-sure = To be sure, text { $to }: "{ $fine }"
pairing-title = Pairing { $id } — { $name } ({ $place })
pairing-in-force = in force
pairing-waiting = waiting for her side to accept
pairing-deadline = checks in by { $deadline } (+{ $grace } min grace); { $state }
pairing-accepted = accepted
pairing-not-accepted = not yet accepted
pairing-last = last check-in { $when }
pairing-paused = paused until { $when }
pairing-next = next judged { $when }
watch-open = open
watch-fine = fine, looked in at { $when }
watch-needs-help = needs help: urgent request { $request }
watch-checked-in = she checked in at { $when }
watch-missed = missed { $when } ({ $state }); alerted:
watch-not-delivered = not delivered yet
watch-on-the-way = , on the way
watch-alerted = { $who } (circle { $circle }, { $how }{ $coming })
pair-needs-person = say whose phone checks in: --person MEMBER, or --proxy MEMBER for someone without one
pair-bad-language = --neighbour ...@{ $other }: the language is en or zh-Hans
paired = { $id }
    Paired; it is in force once she (or her proxy) accepts, and each neighbour alerted once they accept.
pair-accepted = Accepted.
pairings-none = No pairings you may see.

## Teams and orders (cmd/team.rs, cmd/order.rs)
changed-note = { $done } ({ $note }).
team-created = Team created
teams-none = No teams.
team-member-added = Member added
team-member-removed = Member removed
team-unknown = no such team in this group
team-line = { $id }  { $name } [{ $kind }{ $skill }] { $members } member(s)
menu-published = Published on the menu
menu-none = Nothing on the menu yet.
menu-withdrawn = Taken off the menu
menu-unknown = no such item on this group's menu
price-free = free
menu-direct = , the team takes orders directly
menu-off = {" "}(off the menu)
order-placed = Ordered
orders-none = No orders.
order-wanted = wanted: { $time }
order-note = note: { $note }
order-team-declined = {" "}(declined)
order-dispatch = { $when } to team { $team }{ $declined }
order-rated = rated { $stars }/5 { $comment }
order-dispatched = Dispatched
order-accepted = Accepted
order-declined = Declined; it goes back to staff
order-done = Marked done
rated = Rated
ratings-teams = Teams
ratings-members = Team members and volunteers
ratings-none = no ratings yet
ratings-line = { $name } { $average }/5 from { $count } rating(s)
helped = You have helped neighbours { $count } time(s).
order-accepted-by = , accepted by { $name }
order-line = { $id }  [{ $status }] { $title } — { $price } for { $who }{ $accepted }

## The needs board (cmd/board.rs)
board-none = Nothing on the board.
board-for-team = {" "}for { $team }
board-claimed-by = claimed by { $name }{ $team } ({ $state })
board-resolved = resolved: { $how }
board-published = Put on the board
board-claimed = Claimed
board-unclaimed = Claim withdrawn
board-progress = Progress noted
board-resolved-done = Resolved; staff confirm it
board-confirmed = Confirmed
board-withdrawn = Taken off the board
figures-total = Collected { $collected }, fixed on the spot { $spot }, claimed { $claimed }, resolved { $resolved } ({ $confirmed } confirmed).
figures-month = { $month }: collected { $collected }, on the spot { $spot }, claimed { $claimed }, resolved { $resolved }
figures-team = { $team }: claimed { $claimed }, resolved { $resolved }
board-wish-posted = Wish posted; staff put it on the board
board-posted = Posted
board-claimants = , claimed by { $names }
board-line = { $id }  [{ $status }] { $title }{ $building }{ $claimed }
board-building = {" "}(building { $building })

## Notices (cmd/notice.rs)
notices-none = No notices.
notice-reads = Read by { $read } of { $households } households ({ $members } members).
notice-withdrawn = Withdrawn
notice-pinned = [pinned]

## Deliberation and votes (cmd/proposal.rs)
proposals-none = No proposals.
proposal-rules = { $ballot } ballot, { $electorate }, quorum { $quorum }%, threshold { $threshold }; voting { $opens } to { $closes }
proposal-attachment = attachment { $name }
receipt-counted = {" "}(counted)
receipt-not-counted = {" "}(not among the sealed ballots: a later one of your household counted)
proposal-receipt = your secret ballot's receipt: { $receipt }{ $counted }
proposal-said = Said
proposal-closed = Closed; the vote ends when the relay receives this
proposal-voted = Voted { $choices }
proposal-proposed = Proposed
proposal-line = { $id }  [{ $status }] { $title } — { $roll } on the roll, { $ballots } ballot(s)
tally-open = the vote is open; so far
tally-passed = passed
tally-no-quorum = not passed: the quorum was not met
tally-not-passed = not passed
tally = { $verdict }: { $counts }; turnout { $voted } of { $electorate } ({ $pct }%)

## Reports (cmd/report.rs)
report-needs-text = say what is wrong with --text
report-sent = Report sent to the grid workers
reports-none = No reports.
report-step = { $when } { $step } by { $by }
report-photo = photo { $hash }
report-assigned = Report assigned
report-fixed = Reported fixed
report-checked = Fix checked
report-closed = Report closed
cannot-write = cannot write { $path }: { $why }
photo-written = Wrote { $bytes } bytes to { $path }.

## The grid worker: households, visits, needs (cmd/grid.rs)
households-none = No households.
household-line = { $id }  building { $building } unit { $unit }  { $tier }  { $residents }  { $needs } open need(s)
household-title = { $id }
    Building { $building } unit { $unit } ({ $tier })
household-visit = visit { $id } { $when } { $outcome } by { $by }
household-need = need { $id } [{ $status }] { $text }
voter-unlinked = Unlinked
voter-linked = Linked; they cast the household's ballot
household-added = Household registered; { $note }.
visits-none = No visits.
due-none = Nobody is due for a visit.
due-line = building { $building } unit { $unit }  { $tier }  { $id }
visit-edit-nothing = say what to change: --note, --outcome or --follow-up
visit-edited = Visit edited; { $note }.
visit-never-edited = Never edited.
visit-edit = { $by } changed { $field } from { $old } to { $new } at { $when }
coverage-line = building { $building }: { $visited }/{ $total } visited this cycle
follow-ups-none = No open follow-ups.
visit-logged = Visit logged; { $note }.
photo-unreadable = cannot read the photo { $path }
photo-empty = the photo { $path } is empty
photo-too-big = the photo { $path } is { $bytes } bytes; an attachment may be at most { $most } bytes
needs-none = No needs.
need-line = { $id }  [{ $status }] { $text }{ $due }
need-due = {" "}(due { $date })
need-assign-who = say who: --member MEMBER_ID or --team TEAM
need-assigned = Need assigned
need-resolved = Need resolved
done-note = { $done }; { $note }.
visit-line = { $id }  { $when }  { $household }  { $outcome } by { $by }{ $back }{ $note }
visit-back-on = , back on { $date }
gps-bad = --gps takes LAT,LON in degrees, e.g. 31.23,121.47

## Phone to phone, the desk, this device (cmd/peer.rs, cmd/dashboard.rs, home.rs)
peer-a-neighbour = a neighbour
peer-synced = Synced with { $who }'s phone: received { $received } change(s) of { $docs } item(s), sent { $sent } change(s)
peer-withheld = ; { $count } item(s) wait for the relay (what came from it is not passed on)
peer-refused-from = Refused from them: { $doc }: { $reason }.
peer-refused-by = They refused: { $doc }: { $reason }.
peer-cannot-listen = cannot listen on { $host }:{ $port }
peer-phone-refused = A neighbour's phone was refused: { $why }
peer-stopped = Stopped listening; { $count } session(s) served.
peer-none = No Jinlin phone is listening on this network.
dashboard-approved = The dashboard is signed in as you. Sign it out there when you leave; revoking this phone signs it out too.
home-unregistered = this device is not registered with a relay yet: run `jinlin register --relay URL --name NAME`
cannot-create = cannot create { $path }
home-none = no home directory: pass --home DIR or set JINLIN_HOME

## Ids (ids.rs)
what-request = request
what-group = group
what-member = member
what-pairing = pairing
what-team = team
what-menu-item = menu item
what-board-need = need of the board
what-need = need
what-report = report
what-household = household
what-notice = notice
what-proposal = proposal
what-visit = visit
what-order = order
id-not-an-id = { $text } is not a { $what } id (give the id, or at least its first { $least } characters)
id-none = no { $what } on this device starts with { $prefix }
id-several = { $count } { $what }s start with { $prefix }; give more of the id
member-signed-up = signed up
member-about = { $role } in { $group }{ $building }
member-several = { $count } members are called { $name }: { $list }; give the start of the id instead
member-unknown = no member here is called { $name } or has an id starting with it (`jinlin group members GROUP` lists them)
named-none = no { $what } here is called { $name } or has an id starting with it
named-several = several of this group's { $what }s match { $name }; give more of the id

## Demo: the hospital ride (cmd/demo.rs)
demo-confirmed = { $name } ✓ confirmed
demo-standby = { $name } … standby
demo-tentative = { $name } ? tentative
demo-nobody-yet = nobody yet
demo-list-separator = {", "}
demo-phone-of = { $name }'s phone:
demo-relay = A relay is running at { $url }, with its data in a temporary folder.
demo-register = Four phones register: Ms Sun at the community office, Grandma Wang (building 3, unit 1202), Chen who lives two floors below her and drives, and Zhou, a driver in building 5 across the estate.
demo-groups = Ms Sun creates "Lianhua Community" with East Estate and its buildings 3 and 5, and hands out invite codes (Grandma's was { $code }); everyone joins their own building.
demo-raise = 11 pm, no signal in Grandma's flat. She presses "take me to hospital": the request is saved on her phone at once, waiting to be sent.
demo-sent = She steps onto the landing, her phone finds a signal and sends it.
demo-alerted = Chen's phone buzzes within the second (her building), and so does Zhou's: the estate's nearest drivers are alerted too, though building 5 never sees building 3's requests otherwise. Nobody polled.
demo-car-park = Both run down to the underground car park, out of signal, and both press "I'll drive". Zhou pressed a moment earlier.
demo-tentative-both = Still offline, each phone shows its own sign-up as tentative: { $chen } on Chen's, { $zhou } on Zhou's.
demo-ramp = Chen drives up the ramp first and his phone reaches the relay first; Zhou's follows a few seconds later.
demo-agree = Every phone agrees: whoever reached the relay first drives, the other stands by. Nobody is double-booked, and Zhou, from the other building, keeps reading the ride because he signed up.
demo-withdraw = Chen's car won't start. He withdraws.
demo-moves-up = Zhou, first on standby, moves up on every phone.
demo-done = Zhou drives her there and marks the ride done; Grandma says thank you. Every phone shows it done, Zhou's in building 5 included, with her thanks.
demo-end = That's Jinlin: everything works offline, and every phone agrees once it reconnects.

## Demo: an urgent request at night (cmd/demo_urgent.rs)
urgent-cast = Lianhua Community: Ms Sun at the office (off call tonight); East Estate with building 3 (Lin, Li, Wu) and building 5 (Chen and Zhou, who drive, and Ma); He lives elsewhere in the community and drives too.
urgent-live = Every phone has the app open in the background: a live channel to the relay.
urgent-raise = 23:30. Lin, six months pregnant and alone at home, cannot breathe. She presses "take me to hospital" and asks for two people: one to drive, one to sit with her.
urgent-wave1 = Wave 1, { $ms } ms after she pressed: her building (Li, Wu) and the nearest drivers of the estate (Chen, Zhou). Ma and He are not woken.
urgent-her-phone = Her phone shows: { $receipts }
urgent-wave2 = Thirty seconds pass (at night a wave waits 30 s, not 60) and nobody has confirmed: wave 2 widens to the whole estate, Ma's phone rings.
urgent-decline = Chen's car is at the garage: he declines, and the alert passes at once to the next nearest who can be reached (nobody is left in the estate, so the community, where staff are on duty): { $next }.
urgent-confirm = Li runs down the stairs and Zhou fetches his car: both confirm.
urgent-stood-down = Two are coming: { $told } hear "no longer needed" and go back to sleep.
urgent-end = Four neighbours were alerted within the second, the circle widened until enough people were coming, and nobody was left waiting in the car park for nothing.

## Demo: the daily check-in (cmd/demo_checkin.rs)
checkin-demo-cast = Lianhua Community: Gao is its grid worker (网格员). Grandma Wang, near eighty, lives alone at building 3, unit 1202; Li lives downstairs, Chen in building 5.
checkin-demo-paired = Gao pairs her (结对) with Li first and Chen second; she and both neighbours accept. She says "I'm fine" (我很好) by 10:00 each day; half an hour of grace, then her neighbours are told.
checkin-demo-missed = 10:30, and no word from her today. The relay, by its own clock, rings Li's phone: "Grandma Wang hasn't checked in today: knock at building 3, unit 1202". Nobody else is woken.
checkin-demo-widens = Li is at work with his phone in a locker. Fifteen minutes pass without an answer: Chen's phone rings.
checkin-demo-coming = Chen taps "I'm on my way" and crosses the courtyard to building 3.
checkin-demo-fine = She answers the door: she had the radio on and forgot. Chen taps "she's fine"; it is recorded, and Li's phone says it is over.
checkin-demo-not-delivered = not delivered
checkin-demo-who = On her own phone Grandma Wang can see who was alerted about her: { $names }. Nobody else in the building ever saw her check-in times.

## Demo: the service menu and the needs board (cmd/demo_community.rs)
community-demo-team = Lianhua Community has an old estate with no property company. Ms Sun, at the community office, sets up a property service team, "Property crew", led by Chen, with Zhou on it.
community-demo-menu = She publishes "Fix a leaking tap — ¥15.00 per visit" on the community's service menu; Chen, as the crew's leader, adds Zhou.
community-demo-order = Grandma Wang orders it from her phone: Saturday morning, "the kitchen tap drips all night". Her phone shows: ordered.
community-demo-dispatch = Ms Sun dispatches it to the Property crew. Grandma's phone: dispatched.
community-demo-basement = Chen and Zhou are both in the basement boiler room, without signal; both press "I'll take it".
community-demo-first = Zhou's phone reaches the relay first as they come up the stairs: on every phone Zhou has the job and Chen stands by. Grandma's phone: accepted, by Zhou.
community-demo-rated = Zhou fixes the tap and marks it done; Grandma rates it 5 stars. Ms Sun sees the Property crew rated 5.0 from 1 rating, and Zhou's phone counts one neighbour helped.
community-demo-menu-end = That's the menu: residents order, the community dispatches, the team accepts, and every phone agrees.
community-demo-board = A week later Grandma Wang reports a leaking pipe in her stairwell. Ms Sun puts it on the community's needs board for anyone to claim.
community-demo-claim = Chen and Zhou, back in the basement, both claim it without signal.
community-demo-claimed = This time Chen's phone reaches the relay first: on every phone Chen has claimed it, and Zhou is told he stands by.
community-demo-resolved = Chen fixes it and marks it resolved; Ms Sun confirms; Grandma rates it 5 stars. The board's figures: 1 need collected, claimed and resolved.

## Demo: a vote on the lifts (cmd/demo_vote.rs)
vote-demo-households = East Estate's three lifts are 25 years old. Ms Sun registers the estate's households and links who lives in each: Grandma Wang in 3-1202, Chen in 5-101, Zhou in 5-301.
vote-demo-proposal = She puts "Replace the three lifts" to the estate: one household one vote, a quorum of half the households, two thirds to pass; a day to discuss, then two days to vote. Grandma Wang asks whether the new lift will stop at every floor.
vote-demo-voting = Voting opens. Grandma votes yes from home. Chen, in the basement boiler room, and Zhou, on a train through the mountains, vote without signal: Chen yes, Zhou no.
vote-demo-chen = Chen comes up the stairs; his ballot reaches the relay before the close.
vote-demo-late = The vote closes. Zhou's train comes out of the mountains three hours later; the relay refuses his ballot, and his phone shows why: "{ $reason }".
vote-demo-result = Every phone computes the same result: yes { $yes }, no { $no }; { $voted } of { $electorate } households voted ({ $pct }%); two thirds reached: passed.

## Other bad input (cmd/me.rs, cmd/request.rs, duration.rs, mdns.rs)
me-quiet-bad = quiet hours look like 22:00-07:00 (or `off`)
me-home-bad = a home is LAT,LON, like 24.4798,118.0894 (or `off`)
me-push-bad = push kinds are fcm, apns, huawei, xiaomi and webhook
raise-no-group = this device is in no group yet: create one or join one first
raise-no-closest = this device is in several groups, none of them closest: say which with --group GROUP_ID
raise-which-group = this device is in several groups: say which with --group GROUP_ID
raise-where = say where the neighbour is: --building B (and --unit U)
raise-at-bad = --at is LAT,LON, like 24.4798,118.0894
no-identity = this device has no identity
duration-bad = { $text } is not a duration; write it like 30m, 24h or 7d
mdns-unavailable = mDNS is not available here
mdns-announcing = announcing this phone
mdns-looking = looking for phones
