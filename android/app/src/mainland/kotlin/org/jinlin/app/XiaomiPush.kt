package org.jinlin.app

import android.content.Context
import com.xiaomi.mipush.sdk.ErrorCode
import com.xiaomi.mipush.sdk.MiPushClient
import com.xiaomi.mipush.sdk.MiPushCommandMessage
import com.xiaomi.mipush.sdk.MiPushMessage
import com.xiaomi.mipush.sdk.PushMessageReceiver
import org.jinlin.core.PushService
import org.jinlin.sdk.PushToken

/*
 * Xiaomi MiPush, for Xiaomi, Redmi and POCO phones in mainland China (the `mainland` flavour,
 * built with Xiaomi's SDK from app/libs and the app's MiPush id and key). Registering hands back
 * a regId through the receiver; a pass-through message wakes the app to sync.
 */

/** MiPush's regId, given as PushService.XIAOMI. */
val xiaomiPush: PushChannel? = object : PushChannel {
    override fun available(context: Context) = BuildConfig.MIPUSH_APP_ID.isNotEmpty()

    override fun start(context: Context, onToken: (PushToken) -> Unit) {
        MiPushClient.registerPush(context, BuildConfig.MIPUSH_APP_ID, BuildConfig.MIPUSH_APP_KEY)
        MiPushClient.getRegId(context)?.takeIf { it.isNotEmpty() }?.let { onToken(PushToken(PushService.XIAOMI, it)) }
    }
}

/** MiPush's callbacks: the regId goes to the relay; a message syncs. */
class JinlinMiPushReceiver : PushMessageReceiver() {
    override fun onReceiveRegisterResult(context: Context, message: MiPushCommandMessage) {
        if (message.command != MiPushClient.COMMAND_REGISTER || message.resultCode != ErrorCode.SUCCESS.toLong()) return
        val regId = message.commandArguments?.firstOrNull()?.takeIf { it.isNotEmpty() } ?: return
        (context.applicationContext as JinlinApplication).sendPushToken(PushToken(PushService.XIAOMI, regId))
    }

    override fun onReceivePassThroughMessage(context: Context, message: MiPushMessage) =
        wakeAndSync(context.applicationContext as JinlinApplication)

    override fun onNotificationMessageArrived(context: Context, message: MiPushMessage) =
        wakeAndSync(context.applicationContext as JinlinApplication)
}
