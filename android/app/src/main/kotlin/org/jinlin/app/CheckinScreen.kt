package org.jinlin.app

import android.content.Intent
import android.net.Uri
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.shape.CircleShape
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.unit.dp
import androidx.compose.ui.unit.sp
import kotlinx.coroutines.launch
import org.jinlin.sdk.CheckinEvent
import org.jinlin.sdk.CheckinPresenter
import org.jinlin.sdk.CheckinState
import org.jinlin.sdk.Jinlin

/**
 * "I'm fine" (我很好) for a person living alone, or the proxy phone answering for her: one big
 * button, her deadline, a pause while she is away, and her paired neighbours with a one-tap call.
 * When the tap could not reach the relay it offers the text message to her first neighbour.
 * State comes from [CheckinPresenter]; this only renders it.
 */
@Composable
fun CheckinScreen(jinlin: Jinlin, modifier: Modifier = Modifier) {
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    val presenter = remember(jinlin) { CheckinPresenter(jinlin) }
    val state by presenter.state.collectAsState()
    LaunchedEffect(presenter) { presenter.handle(CheckinEvent.Load) }

    Column(
        modifier.fillMaxSize().padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(16.dp),
        horizontalAlignment = Alignment.CenterHorizontally,
    ) {
        val pairing = state.pairing
        if (pairing == null) {
            Text("Nobody is paired with you yet. Your grid worker or the community office can pair you with neighbours.")
            return@Column
        }
        Button(
            onClick = { scope.launch { presenter.handle(CheckinEvent.Fine) } },
            shape = CircleShape,
            modifier = Modifier.fillMaxWidth().height(160.dp),
        ) {
            Text("我很好 I'm fine", fontSize = 30.sp)
        }
        Text("Tap by ${pairing.deadline} each day; your neighbours are told half an hour after.")
        when (state.tap) {
            CheckinState.Tap.COUNTED -> Text("Thank you. Checked in for today.")
            CheckinState.Tap.TOO_LATE -> Text("A neighbour is already on the way to see you.")
            CheckinState.Tap.KEPT -> {
                Text("No signal: it goes as soon as there is one.")
                state.lifeline?.let { life ->
                    if (life.smsTo.isNotEmpty()) {
                        Button(onClick = {
                            val to = Uri.parse("smsto:" + life.smsTo.joinToString(";"))
                            context.startActivity(Intent(Intent.ACTION_SENDTO, to).putExtra("sms_body", life.smsFine))
                        }) { Text("Text your neighbours that you are fine") }
                    }
                }
            }
            null -> {}
        }
        state.error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        Text("Your neighbours", style = MaterialTheme.typography.titleMedium)
        state.lifeline?.neighbours?.forEach { n ->
            val phone = n.phone
            if (phone != null) {
                OutlinedButton(onClick = {
                    context.startActivity(Intent(Intent.ACTION_DIAL, Uri.parse("tel:$phone")))
                }) { Text("Call ${n.name} · $phone") }
            } else {
                Text(n.name)
            }
        }
        if (pairing.pausedUntilMs == null) {
            OutlinedButton(onClick = {
                scope.launch { presenter.handle(CheckinEvent.Pause(System.currentTimeMillis() + 7 * 86_400_000L)) }
            }) { Text("Away for a week (travelling, in hospital)") }
        } else {
            OutlinedButton(onClick = { scope.launch { presenter.handle(CheckinEvent.Resume) } }) {
                Text("I'm back: check in again each day")
            }
        }
    }
}
