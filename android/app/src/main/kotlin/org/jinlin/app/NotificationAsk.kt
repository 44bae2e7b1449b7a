package org.jinlin.app

import android.Manifest
import android.content.Context
import android.content.pm.PackageManager
import android.os.Build
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.foundation.layout.padding
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.compose.ui.unit.sp
import org.jinlin.sdk.NotificationPermission

/**
 * The notification permission (Android 13+ asks for POST_NOTIFICATIONS; before that it is
 * granted), and whether the person was asked, kept in the app's preferences so she is asked once.
 */
class AppNotificationPermission(context: Context) : NotificationPermission {
    private val context = context.applicationContext
    private val prefs = this.context.getSharedPreferences("jinlin", Context.MODE_PRIVATE)

    override fun granted(): Boolean =
        Build.VERSION.SDK_INT < 33 ||
            context.checkSelfPermission(Manifest.permission.POST_NOTIFICATIONS) == PackageManager.PERMISSION_GRANTED

    override fun asked(): Boolean = prefs.getBoolean(ASKED, false)

    /** Remembers that she was asked, whatever she answered. */
    fun markAsked() {
        prefs.edit().putBoolean(ASKED, true).apply()
    }

    private companion object {
        const val ASKED = "notifications_asked"
    }
}

/**
 * Why notifications matter, in her words first ([why]), then the system's question; with
 * [alsoLocation] the same question asks for the phone's position, so a request raised away from
 * home says where she is. "Later" and either answer count as asked, so she is not asked again
 * ([onAsked]).
 */
@Composable
fun AskForNotifications(
    permission: AppNotificationPermission,
    @StringRes why: Int,
    alsoLocation: Boolean = false,
    onAsked: () -> Unit,
) {
    val launcher = rememberLauncherForActivityResult(ActivityResultContracts.RequestMultiplePermissions()) {
        permission.markAsked()
        onAsked()
    }
    val wanted = buildList {
        if (Build.VERSION.SDK_INT >= 33) add(Manifest.permission.POST_NOTIFICATIONS)
        if (alsoLocation) {
            add(Manifest.permission.ACCESS_FINE_LOCATION)
            add(Manifest.permission.ACCESS_COARSE_LOCATION)
        }
    }
    Card {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            Text(stringResource(why), fontSize = 20.sp)
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                Button(onClick = {
                    if (wanted.isNotEmpty()) {
                        launcher.launch(wanted.toTypedArray())
                    } else {
                        permission.markAsked()
                        onAsked()
                    }
                }) { Text(stringResource(R.string.notify_allow), fontSize = 20.sp) }
                TextButton(onClick = {
                    permission.markAsked()
                    onAsked()
                }) { Text(stringResource(R.string.notify_later), fontSize = 20.sp) }
            }
        }
    }
}
