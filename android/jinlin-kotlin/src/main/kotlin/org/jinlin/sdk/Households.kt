package org.jinlin.sdk

import java.time.LocalDate
import org.jinlin.core.HouseholdDetails
import org.jinlin.core.HouseholdNeedView

/*
 * One household whole, the members who cast its ballot (一户一票), and handing a need found on
 * a visit to a member or a team: the command line's `household show`, `household voter` and
 * `need assign`. Only the registry's keepers may; anyone else gets `JinlinException.NotAllowed`
 * and nothing is written.
 */

/** One household with its residents (and their phones), visits, needs and voters. */
suspend fun Jinlin.household(householdId: String): HouseholdDetails = client.household(householdId)

/** Links member [memberId], an adult who lives there, as one who casts the household's ballot. */
suspend fun Jinlin.linkVoter(householdId: String, memberId: String): HouseholdDetails =
    client.linkVoter(householdId, memberId, true)

/** Unlinks member [memberId] from casting the household's ballot. */
suspend fun Jinlin.unlinkVoter(householdId: String, memberId: String): HouseholdDetails =
    client.linkVoter(householdId, memberId, false)

/** Hands a need found on a visit to member [memberId], due on [due]. */
suspend fun Jinlin.assignNeedToMember(needId: String, memberId: String, due: LocalDate? = null): HouseholdNeedView =
    client.assignHouseholdNeed(needId, memberId, null, due)

/** Hands a need found on a visit to [team] (its id or name), due on [due]. */
suspend fun Jinlin.assignNeedToTeam(needId: String, team: String, due: LocalDate? = null): HouseholdNeedView =
    client.assignHouseholdNeed(needId, null, team, due)
