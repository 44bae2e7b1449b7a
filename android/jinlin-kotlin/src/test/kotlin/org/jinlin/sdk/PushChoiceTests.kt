package org.jinlin.sdk

import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import org.jinlin.core.JinlinException
import org.jinlin.core.PushService

/* Which push service wakes a phone, by its maker, and the maker's token reaching the relay. */

val pushChoiceCases = listOf(
    Case("a_huawei_or_xiaomi_phone_is_woken_through_its_makers_channel_and_others_through_fcm") {
        val cases = listOf(
            PhoneMaker("HUAWEI", "HUAWEI", googlePlay = false) to listOf(PushService.HUAWEI),
            PhoneMaker("HONOR", "honor", googlePlay = false) to listOf(PushService.HUAWEI),
            PhoneMaker("Xiaomi", "Redmi", googlePlay = false) to listOf(PushService.XIAOMI),
            PhoneMaker("Xiaomi", "POCO", googlePlay = true) to listOf(PushService.XIAOMI, PushService.FCM),
            PhoneMaker("samsung", "samsung", googlePlay = true) to listOf(PushService.FCM),
            PhoneMaker("OPPO", "OPPO", googlePlay = false) to emptyList(),
        )
        for ((phone, services) in cases) assertEquals(services, pushServicesFor(phone), "$phone")
    },

    Case("a_huawei_phones_push_kit_token_and_a_xiaomi_phones_mipush_token_reach_the_relay") {
        val relay = relay()
        for ((name, maker) in listOf("huawei" to PhoneMaker("HUAWEI", "HUAWEI", false), "xiaomi" to PhoneMaker("Xiaomi", "Redmi", false))) {
            val phone = device(name, relay.url)
            phone.register("Neighbour")
            val service = pushServicesFor(maker).first()
            val memory = RememberedToken()
            assertTrue(phone.registerPushToken(PushToken(service, "$name-token-0123456789"), memory))
            assertEquals(service, memory.token?.service)
            assertFailsWith<JinlinException.InvalidInput> { phone.registerPush(service, " ") }
        }
    },
)
