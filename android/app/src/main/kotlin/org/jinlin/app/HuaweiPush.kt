package org.jinlin.app

import android.content.Context
import com.huawei.agconnect.AGConnectOptionsBuilder
import com.huawei.hms.aaid.HmsInstanceId
import com.huawei.hms.common.ApiException
import com.huawei.hms.push.HmsMessageService
import com.huawei.hms.push.RemoteMessage
import kotlin.concurrent.thread
import org.jinlin.core.PushService
import org.jinlin.sdk.PushToken

/*
 * Huawei Push Kit, for Huawei and Honor phones without Google Play services (mainland China):
 * available when the app is built with the AppGallery Connect project's agconnect-services.json.
 * The token comes from getToken, or later through onNewToken; a data message wakes the app to
 * sync, as an FCM one does.
 */

private fun appId(context: Context): String? =
    runCatching { AGConnectOptionsBuilder().build(context).getString("client/app_id") }.getOrNull()

/** Push Kit's token, given as PushService.HUAWEI. */
val huaweiPush = object : PushChannel {
    override fun available(context: Context) = !appId(context).isNullOrEmpty()

    override fun start(context: Context, onToken: (PushToken) -> Unit) {
        val id = appId(context) ?: return
        // getToken blocks on the network; an empty answer means the token comes to onNewToken.
        thread(name = "hms-token") {
            val token = try {
                HmsInstanceId.getInstance(context).getToken(id, "HCM")
            } catch (e: ApiException) {
                null
            }
            if (!token.isNullOrEmpty()) onToken(PushToken(PushService.HUAWEI, token))
        }
    }
}

/** Push Kit's messages: a new token goes to the relay; a data message syncs. */
class JinlinHmsService : HmsMessageService() {
    override fun onNewToken(token: String?) {
        if (token.isNullOrEmpty()) return
        (application as JinlinApplication).sendPushToken(PushToken(PushService.HUAWEI, token))
    }

    override fun onMessageReceived(message: RemoteMessage?) = wakeAndSync(application as JinlinApplication)
}
