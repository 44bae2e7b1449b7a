package org.jinlin.sdk

import org.jinlin.core.BoardStatus
import org.jinlin.core.MenuItemView
import org.jinlin.core.NeedFigures
import org.jinlin.core.NeedView
import org.jinlin.core.NewMenuItem
import org.jinlin.core.NewTeam
import org.jinlin.core.TeamView

/*
 * Staff's tools, as the command line's `team`, `menu add / withdraw`, `need show / publish /
 * unclaim / withdraw / figures` and `notice withdraw`. Anyone else gets
 * `JinlinException.NotAllowed` and nothing is written.
 */

/** Staff: creates a team in [groupId] (a skill team unless [NewTeam.kind] says otherwise). */
suspend fun Jinlin.createTeam(groupId: String, team: NewTeam): TeamView = client.createTeam(groupId, team)

/** Puts member [memberId] on [team] of [groupId] (the team's leader, or staff). */
suspend fun Jinlin.addToTeam(groupId: String, team: String, memberId: String) =
    client.setTeamMember(groupId, team, memberId, true)

/** Takes member [memberId] off [team] of [groupId]. */
suspend fun Jinlin.removeFromTeam(groupId: String, team: String, memberId: String) =
    client.setTeamMember(groupId, team, memberId, false)

/** Staff: publishes an item on [groupId]'s service menu. */
suspend fun Jinlin.addMenuItem(groupId: String, item: NewMenuItem): MenuItemView = client.addMenuItem(groupId, item)

/** Staff: takes an item off the menu; orders already placed go on. */
suspend fun Jinlin.withdrawMenuItem(groupId: String, itemId: String) = client.withdrawMenuItem(groupId, itemId)

/** One need of the board with its claims and progress. */
suspend fun Jinlin.need(needId: String): NeedView = client.need(needId)

/** The board of a group (all when null) with one status; null status: every need. */
suspend fun Jinlin.boardNeeds(groupId: String? = null, status: BoardStatus? = null): List<NeedView> =
    client.boardNeeds(groupId, status)

/** Staff: puts a resident's small wish on the board. */
suspend fun Jinlin.publishNeed(needId: String): NeedView = client.publishNeed(needId)

/** Withdraws this member's claim; the first on standby moves up. */
suspend fun Jinlin.unclaimNeed(needId: String): NeedView = client.unclaimNeed(needId)

/** Staff: takes a need off the board (or a resident withdraws her own wish). */
suspend fun Jinlin.withdrawNeed(needId: String): NeedView = client.withdrawNeed(needId)

/** The board's figures for [groupId]: collected, on the spot, claimed, resolved, confirmed; per month and team. */
suspend fun Jinlin.needFigures(groupId: String): NeedFigures = client.needFigures(groupId)

/** Staff, or whoever posted it: takes a notice down. */
suspend fun Jinlin.withdrawNotice(noticeId: String) = client.withdrawNotice(noticeId)
