package org.jinlin.app

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.compose.ui.unit.sp
import kotlinx.coroutines.launch
import org.jinlin.sdk.Jinlin
import org.jinlin.sdk.NearbyEvent
import org.jinlin.sdk.NearbyItem
import org.jinlin.sdk.NearbyPresenter
import org.jinlin.sdk.what
import org.jinlin.sdk.words

/**
 * Open requests from neighbours, urgent and nearest first, each with "I can help" and "Not now".
 * State comes from [NearbyPresenter]; this only renders it.
 */
@Composable
fun NearbyScreen(jinlin: Jinlin, modifier: Modifier = Modifier) {
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    val permission = remember { AppNotificationPermission(context) }
    val presenter = remember(jinlin) { NearbyPresenter(jinlin, permission) }
    val state by presenter.state.collectAsState()
    LaunchedEffect(presenter) { presenter.run() }
    val send: (NearbyEvent) -> Unit = { event -> scope.launch { presenter.handle(event) } }

    Column(modifier.fillMaxSize().padding(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        state.error?.let { Text(it.words(context.resources), color = MaterialTheme.colorScheme.error, fontSize = 18.sp) }
        if (state.offline) Text(stringResource(R.string.error_offline), fontSize = 18.sp)
        if (state.askNotifications) {
            AskForNotifications(permission, R.string.notify_why_volunteer) { send(NearbyEvent.NotificationsAsked) }
        }
        if (state.items.isEmpty()) Text(stringResource(R.string.nearby_empty), fontSize = 20.sp)
        LazyColumn(verticalArrangement = Arrangement.spacedBy(12.dp)) {
            items(state.items, key = { it.request.id }) { item ->
                RequestCard(
                    item,
                    onAccept = { send(NearbyEvent.Accept(item.request.id)) },
                    onDecline = { send(NearbyEvent.Decline(item.request.id)) },
                    onWithdraw = { send(NearbyEvent.Withdraw(item.request.id)) },
                )
            }
        }
    }
}

@Composable
private fun RequestCard(item: NearbyItem, onAccept: () -> Unit, onDecline: () -> Unit, onWithdraw: () -> Unit) {
    val request = item.request
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(6.dp)) {
            val messages = ResourceMessages(LocalContext.current.resources)
            val urgent = stringResource(R.string.nearby_urgent).takeIf { request.urgent }
            Text(
                listOfNotNull(urgent, stringResource(request.kind.label()), request.place.words(messages)).joinToString(" · "),
                style = MaterialTheme.typography.labelLarge,
            )
            // Her words as written, or her kind's standard words in this phone's language.
            Text(request.what(messages), style = MaterialTheme.typography.titleMedium)
            Text(stringResource(R.string.nearby_signed_up, request.requester.name, request.signups.size, request.slots))
            val mine = item.mine
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                if (mine == null) {
                    Button(onClick = onAccept) { Text(stringResource(R.string.nearby_accept), fontSize = 18.sp) }
                    OutlinedButton(onClick = onDecline) { Text(stringResource(R.string.nearby_decline), fontSize = 18.sp) }
                } else {
                    Text(stringResource(R.string.nearby_you_are, stringResource(mine.label())))
                    OutlinedButton(onClick = onWithdraw) { Text(stringResource(R.string.nearby_withdraw), fontSize = 18.sp) }
                }
            }
        }
    }
}
