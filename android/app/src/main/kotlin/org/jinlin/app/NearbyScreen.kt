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
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.produceState
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.compose.ui.unit.sp
import kotlinx.coroutines.launch
import org.jinlin.core.JinlinException
import org.jinlin.core.RequestView
import org.jinlin.sdk.Jinlin
import org.jinlin.sdk.nearbyRequests

/** Open requests from neighbours, urgent and nearest first, each with accept and decline. */
@Composable
fun NearbyScreen(jinlin: Jinlin, modifier: Modifier = Modifier) {
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    val nearby by jinlin.nearbyRequests().collectAsState(initial = emptyList())
    val me by produceState<String?>(null) { value = jinlin.identity()?.memberId }
    var message by remember { mutableStateOf<String?>(null) }

    fun act(action: suspend () -> Unit) {
        scope.launch {
            message = try {
                action()
                SyncWork.syncNow(context)
                null
            } catch (e: JinlinException) {
                e.words(context.resources)
            }
        }
    }

    Column(modifier.fillMaxSize().padding(16.dp)) {
        message?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        if (nearby.isEmpty()) Text(stringResource(R.string.nearby_empty), fontSize = 20.sp)
        LazyColumn(verticalArrangement = Arrangement.spacedBy(12.dp)) {
            items(nearby, key = { it.id }) { request ->
                RequestCard(
                    request,
                    myId = me,
                    onAccept = { act { jinlin.accept(request.id) } },
                    onDecline = { act { jinlin.decline(request.id) } },
                    onWithdraw = { act { jinlin.withdraw(request.id) } },
                )
            }
        }
    }
}

@Composable
private fun RequestCard(
    request: RequestView,
    myId: String?,
    onAccept: () -> Unit,
    onDecline: () -> Unit,
    onWithdraw: () -> Unit,
) {
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(6.dp)) {
            val where = listOfNotNull(request.place.building, request.place.unit).joinToString("-")
            val urgent = stringResource(R.string.nearby_urgent).takeIf { request.urgent }
            Text(
                listOfNotNull(urgent, stringResource(request.kind.label()), where.ifEmpty { null }).joinToString(" · "),
                style = MaterialTheme.typography.labelLarge,
            )
            Text(request.text, style = MaterialTheme.typography.titleMedium)
            Text(stringResource(R.string.nearby_signed_up, request.requester.name, request.signups.size, request.slots.toInt()))
            val mine = request.signups.firstOrNull { it.memberId == myId }
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                if (mine == null) {
                    Button(onClick = onAccept) { Text(stringResource(R.string.nearby_accept), fontSize = 18.sp) }
                    OutlinedButton(onClick = onDecline) { Text(stringResource(R.string.nearby_decline), fontSize = 18.sp) }
                } else {
                    Text(stringResource(R.string.nearby_you_are, stringResource(mine.state.label())))
                    OutlinedButton(onClick = onWithdraw) { Text(stringResource(R.string.nearby_withdraw), fontSize = 18.sp) }
                }
            }
        }
    }
}
