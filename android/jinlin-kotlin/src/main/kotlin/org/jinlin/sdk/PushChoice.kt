package org.jinlin.sdk

import org.jinlin.core.PushService

/*
 * Which push service wakes this phone. In mainland China FCM does not reach phones: Huawei and
 * Honor phones are woken through Huawei Push Kit, Xiaomi, Redmi and POCO phones through MiPush
 * (the relay speaks to both). Elsewhere, and on other makers' phones, FCM where Google Play
 * services run. The app reads the maker from `android.os.Build` and starts the first service it
 * was built with; the SDK calls are in the app module.
 */

/** What the app knows of the phone when choosing its push service. */
data class PhoneMaker(
    /** `Build.MANUFACTURER` ("HUAWEI", "Xiaomi", "HONOR"). */
    val manufacturer: String,
    /** `Build.BRAND` ("HUAWEI", "Redmi", "POCO", "honor"). */
    val brand: String,
    /** Google Play services are installed and usable. */
    val googlePlay: Boolean,
)

private val huawei = setOf("huawei", "honor")
private val xiaomi = setOf("xiaomi", "redmi", "poco", "blackshark")

/**
 * The push services to start on [phone], best first: the maker's own channel on a Huawei/Honor
 * or Xiaomi phone, then FCM where Google Play services run. Empty: no push reaches this phone,
 * which then hears of alerts from the live connection while the app is open and from background
 * sync.
 */
fun pushServicesFor(phone: PhoneMaker): List<PushService> {
    val names = setOf(phone.manufacturer.trim().lowercase(), phone.brand.trim().lowercase())
    val maker = when {
        names.any { it in huawei } -> PushService.HUAWEI
        names.any { it in xiaomi } -> PushService.XIAOMI
        else -> null
    }
    return listOfNotNull(maker, PushService.FCM.takeIf { phone.googlePlay })
}
