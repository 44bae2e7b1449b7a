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
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.compose.ui.unit.sp
import java.time.Duration
import java.time.Instant
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
    val fineDescription = stringResource(R.string.checkin_button_description)

    Column(
        modifier.fillMaxSize().padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(16.dp),
        horizontalAlignment = Alignment.CenterHorizontally,
    ) {
        val pairing = state.pairing
        if (pairing == null) {
            Text(stringResource(R.string.checkin_unpaired), fontSize = 20.sp)
            return@Column
        }
        Button(
            onClick = { scope.launch { presenter.handle(CheckinEvent.Fine) } },
            shape = CircleShape,
            modifier = Modifier.fillMaxWidth().height(160.dp).semantics { contentDescription = fineDescription },
        ) {
            Text(stringResource(R.string.checkin_button), fontSize = 30.sp)
        }
        Text(stringResource(R.string.checkin_deadline, pairing.deadline), fontSize = 20.sp)
        when (state.tap) {
            CheckinState.Tap.COUNTED -> Text(stringResource(R.string.checkin_counted), fontSize = 20.sp)
            CheckinState.Tap.TOO_LATE -> Text(stringResource(R.string.checkin_too_late), fontSize = 20.sp)
            CheckinState.Tap.KEPT -> {
                Text(stringResource(R.string.checkin_kept), fontSize = 20.sp)
                // One text per language, each to the neighbours who read it.
                state.lifeline?.sms?.forEach { texts ->
                    Button(onClick = {
                        val to = Uri.parse("smsto:" + texts.to.joinToString(";"))
                        context.startActivity(Intent(Intent.ACTION_SENDTO, to).putExtra("sms_body", texts.fine))
                    }) { Text(stringResource(R.string.checkin_sms), fontSize = 20.sp) }
                }
            }
            null -> {}
        }
        state.error?.let { Text(it.words(context.resources), color = MaterialTheme.colorScheme.error) }
        Text(stringResource(R.string.checkin_neighbours), style = MaterialTheme.typography.titleMedium)
        state.lifeline?.neighbours?.forEach { n ->
            val phone = n.phone
            if (phone != null) {
                OutlinedButton(onClick = {
                    context.startActivity(Intent(Intent.ACTION_DIAL, Uri.parse("tel:$phone")))
                }) { Text(stringResource(R.string.checkin_call, n.name, phone), fontSize = 20.sp) }
            } else {
                Text(n.name)
            }
        }
        if (pairing.pausedUntil == null) {
            OutlinedButton(onClick = {
                scope.launch { presenter.handle(CheckinEvent.Pause(Instant.now().plus(Duration.ofDays(7)))) }
            }) { Text(stringResource(R.string.checkin_away), fontSize = 20.sp) }
        } else {
            OutlinedButton(onClick = { scope.launch { presenter.handle(CheckinEvent.Resume) } }) {
                Text(stringResource(R.string.checkin_back), fontSize = 20.sp)
            }
        }
    }
}
