package org.jinlin.sdk

import kotlin.test.assertEquals
import org.jinlin.core.GroupKind
import org.jinlin.core.GroupView
import org.jinlin.core.Role
import org.jinlin.core.Skill

/**
 * A real community tree on a real relay, for the screens' tests: Lianhua Community > Riverside
 * Estate > Building 3 and Building 5. The resident lives alone in building 3, unit 1202; a
 * volunteer lives in her building (unit 601); a volunteer with a car lives in building 5; the
 * estate's grid worker walks both buildings; the community office is staff of it all.
 */
class Neighbourhood(
    val office: Jinlin,
    val community: GroupView,
    val estate: GroupView,
    val building3: GroupView,
    val building5: GroupView,
    val resident: Jinlin,
    val neighbour: Jinlin,
    val driver: Jinlin,
    val gridWorker: Jinlin,
)

/** Builds the [Neighbourhood] on [relay]; every phone has synced once. */
suspend fun Ctx.neighbourhood(relay: Relay): Neighbourhood {
    val office = device("office", relay.url)
    office.register("Community office")
    val community = office.createGroup("Lianhua Community", GroupKind.COMMUNITY)
    val estate = office.createGroup("Riverside Estate", GroupKind.ESTATE, community.id)
    val building3 = office.createGroup("Building 3", GroupKind.BUILDING, estate.id)
    val building5 = office.createGroup("Building 5", GroupKind.BUILDING, estate.id)
    office.sync()

    suspend fun member(name: String, group: GroupView, role: Role, building: String, unit: String): Jinlin {
        val phone = device(name, relay.url)
        phone.register(name, building, unit)
        val code = office.invite(group.id, role).code
        assertEquals(group.id, phone.join(code, building, unit).id)
        return phone
    }
    val resident = member("Resident", building3, Role.RESIDENT, "3", "1202")
    val neighbour = member("Neighbour", building3, Role.VOLUNTEER, "3", "601")
    val driver = member("Driver", building5, Role.VOLUNTEER, "5", "302")
    driver.setProfile(building5.id, listOf(Skill.DRIVER), "5", "302")
    driver.setHome(24.4801, 118.0902)
    driver.sync()
    val gridWorker = member("Grid worker", estate, Role.GRID_WORKER, "5", "101")
    for (phone in listOf(office, resident, neighbour, driver, gridWorker)) phone.sync()
    return Neighbourhood(office, community, estate, building3, building5, resident, neighbour, driver, gridWorker)
}

/** Syncs [this] phone until [ok] holds, as a phone woken by a push does; fails after [ms]. */
suspend fun Jinlin.syncUntil(ms: Long = 10_000, ok: () -> Boolean) {
    val deadline = System.currentTimeMillis() + ms
    while (!ok()) {
        check(System.currentTimeMillis() < deadline) { "timed out waiting" }
        sync()
        kotlinx.coroutines.delay(20)
    }
}
