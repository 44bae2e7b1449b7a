package org.jinlin.app

import android.content.Context
import android.content.Intent
import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.ButtonDefaults
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.produceState
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.compose.ui.unit.sp
import kotlinx.coroutines.launch
import org.jinlin.sdk.Jinlin
import org.jinlin.sdk.UrgentAlertEvent
import org.jinlin.sdk.UrgentAlertPresenter
import org.jinlin.sdk.what

/**
 * A neighbour's urgent request, full screen and over the lock screen, opened by the alert's
 * full-screen intent or a tap on it: who, where, what, with "I'm coming" and "I can't". State
 * comes from [UrgentAlertPresenter]; this only renders it.
 */
class UrgentAlertActivity : ComponentActivity() {
    companion object {
        private const val REQUEST = "request"

        /** Opens the alert for [requestId]. */
        fun intent(context: Context, requestId: String): Intent =
            Intent(context, UrgentAlertActivity::class.java)
                .putExtra(REQUEST, requestId)
                .addFlags(Intent.FLAG_ACTIVITY_NEW_TASK or Intent.FLAG_ACTIVITY_CLEAR_TOP)
    }

    override fun onCreate(savedInstanceState: Bundle?) {
        // Over the lock screen and waking it: showWhenLocked and turnScreenOn in the manifest.
        super.onCreate(savedInstanceState)
        val app = application as JinlinApplication
        val requestId = intent.getStringExtra(REQUEST)
        setContent {
            MaterialTheme {
                val jinlin by produceState<Jinlin?>(null) { value = app.jinlin.await() }
                jinlin?.let { UrgentAlertScreen(it, requestId, onClose = { finish() }) }
            }
        }
    }
}

@Composable
private fun UrgentAlertScreen(jinlin: Jinlin, requestId: String?, onClose: () -> Unit) {
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    val presenter = remember(jinlin) { UrgentAlertPresenter(jinlin) }
    val state by presenter.state.collectAsState()
    LaunchedEffect(presenter) {
        if (requestId != null) presenter.handle(UrgentAlertEvent.Open(requestId))
        presenter.run()
    }
    val send: (UrgentAlertEvent) -> Unit = { event -> scope.launch { presenter.handle(event) } }

    Column(
        Modifier.fillMaxSize().padding(24.dp),
        horizontalAlignment = Alignment.CenterHorizontally,
        verticalArrangement = Arrangement.spacedBy(16.dp),
    ) {
        state.error?.let { Text(it.words(context.resources), color = MaterialTheme.colorScheme.error, fontSize = 18.sp) }
        if (state.finished) {
            // Every alert answered: back to wherever she was.
            LaunchedEffect(Unit) { onClose() }
            return@Column
        }
        val alert = state.alert ?: return@Column
        val where = listOfNotNull(alert.place.building, alert.place.unit).joinToString("-")
        Text(
            if (where.isEmpty()) alert.requester.name else stringResource(R.string.urgent_title, alert.requester.name, where),
            fontSize = 30.sp,
        )
        Text(stringResource(alert.kind.label()), fontSize = 24.sp)
        Text(alert.what(ResourceMessages(LocalContext.current.resources)), fontSize = 24.sp)
        VoiceNoteControls(jinlin, alert.id, mine = false, hasNote = alert.voice != null)
        if (state.offline) Text(stringResource(R.string.error_offline), fontSize = 20.sp)
        val mine = state.mine
        if (mine == null) {
            Button(
                onClick = { send(UrgentAlertEvent.Accept) },
                colors = ButtonDefaults.buttonColors(containerColor = Color(0xFF2E7D32)),
                modifier = Modifier.fillMaxWidth().height(120.dp),
            ) { Text(stringResource(R.string.urgent_accept), fontSize = 30.sp) }
            OutlinedButton(
                onClick = {
                    UrgentAlerts.clear(context, alert.id)
                    send(UrgentAlertEvent.Decline)
                },
                modifier = Modifier.fillMaxWidth().height(80.dp),
            ) { Text(stringResource(R.string.urgent_decline), fontSize = 24.sp) }
        } else {
            Text(stringResource(R.string.nearby_you_are, stringResource(mine.label())), fontSize = 24.sp)
            Button(
                onClick = {
                    UrgentAlerts.clear(context, alert.id)
                    send(UrgentAlertEvent.Dismiss)
                },
                modifier = Modifier.fillMaxWidth().height(80.dp),
            ) { Text(stringResource(R.string.urgent_close), fontSize = 24.sp) }
        }
    }
}
