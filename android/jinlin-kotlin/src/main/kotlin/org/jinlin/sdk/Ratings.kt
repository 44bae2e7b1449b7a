package org.jinlin.sdk

import org.jinlin.core.OrderView
import org.jinlin.core.RatingsView

/*
 * The rest of the command line's service and group calls: `order show`, `rate teams` and
 * `group revoke`.
 */

/** One order with its acceptances and rating. */
suspend fun Jinlin.order(orderId: String): OrderView = client.order(orderId)

/** How a group's teams and volunteers were rated (邀邻评事), from what this phone holds. */
suspend fun Jinlin.ratings(groupId: String): RatingsView = client.ratings(groupId)

/** Staff: takes back an invite code; nobody can join with it any more. Needs the relay. */
suspend fun Jinlin.revokeInvite(code: String) = client.revokeInvite(code)
