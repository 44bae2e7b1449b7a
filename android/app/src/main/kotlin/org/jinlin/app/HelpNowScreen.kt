package org.jinlin.app

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.shape.CircleShape
import androidx.compose.material3.Button
import androidx.compose.material3.ButtonDefaults
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import android.content.Intent
import android.net.Uri
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.produceState
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.compose.ui.unit.sp
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import org.jinlin.core.GroupView
import org.jinlin.core.IdentityView
import org.jinlin.core.JinlinException
import org.jinlin.core.RequestKind
import org.jinlin.core.SignupState
import org.jinlin.core.SmsDraft
import org.jinlin.core.Status
import org.jinlin.sdk.Jinlin
import org.jinlin.sdk.alertReceipts
import org.jinlin.sdk.requests
import org.jinlin.sdk.smsFallback

/**
 * One big button: raises an urgent request in the member's own building (else her estate, else
 * her community) and sends it at once (or as soon as there is a network). Below it, how the
 * member's latest request stands ("已通知 8 位邻居 · 5 位已看到 · 2 位正在赶来"); if it has not gone out 20 s
 * on, the text message the core drafted for her building leader and emergency contacts, which
 * she sends herself. A device that has not joined yet shows the join form instead.
 */
@Composable
fun HelpNowScreen(jinlin: Jinlin, modifier: Modifier = Modifier) {
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    var refresh by remember { mutableStateOf(0) }
    val me by produceState<IdentityView?>(null, refresh) { value = jinlin.identity() }
    val groups by produceState(emptyList<GroupView>(), refresh) { value = jinlin.groups() }
    val own by produceState<GroupView?>(null, refresh) { value = jinlin.ownGroup() }
    val requests by jinlin.requests().collectAsState(initial = emptyList())
    var message by remember { mutableStateOf<String?>(null) }
    val helpDescription = stringResource(R.string.help_button_description)

    Column(
        modifier.fillMaxSize().padding(24.dp),
        horizontalAlignment = Alignment.CenterHorizontally,
        verticalArrangement = Arrangement.spacedBy(16.dp),
    ) {
        // Her own building (else estate, else community); the first group if none is closest.
        val group = own ?: groups.firstOrNull()
        if (me == null || group == null) {
            JoinForm(jinlin, onJoined = { refresh++ })
            return@Column
        }
        Button(
            onClick = {
                scope.launch {
                    message = try {
                        // The standard text, in her own language (see android/README.md).
                        jinlin.raise(group.id, RequestKind.OTHER, context.getString(R.string.help_standard_text), urgent = true)
                        SyncWork.syncNow(context)
                        context.getString(R.string.help_alerting)
                    } catch (e: JinlinException) {
                        e.words(context.resources)
                    }
                }
            },
            shape = CircleShape,
            colors = ButtonDefaults.buttonColors(containerColor = Color(0xFFC62828)),
            modifier = Modifier.fillMaxWidth().height(220.dp).semantics { contentDescription = helpDescription },
        ) {
            Text(stringResource(R.string.help_button), fontSize = 30.sp)
        }
        message?.let { Text(it, fontSize = 20.sp) }
        val mine = requests.firstOrNull { it.raisedBy.memberId == me?.memberId && !it.status.isFinal() }
        if (mine != null) {
            val coming = mine.signups.count { it.state == SignupState.CONFIRMED }
            Text(
                stringResource(R.string.help_coming, mine.text, coming, mine.slots.toInt()),
                style = MaterialTheme.typography.titleMedium,
            )
            mine.signups.forEach { Text("${it.memberName} · ${stringResource(it.state.label())}") }
            if (mine.urgent) UrgentProgress(jinlin, mine.id)
        }
    }
}

private fun Status.isFinal() = this == Status.DONE || this == Status.CANCELLED

/** The receipts of an urgent request, and the text message to send if it cannot go out. */
@Composable
private fun UrgentProgress(jinlin: Jinlin, requestId: String) {
    val context = LocalContext.current
    var receipts by remember(requestId) { mutableStateOf<String?>(null) }
    var draft by remember(requestId) { mutableStateOf<SmsDraft?>(null) }
    LaunchedEffect(requestId) {
        while (true) {
            // Offline these fail; the request waits on the phone and the draft is offered.
            receipts = runCatching { jinlin.alertReceipts(requestId).line(context.resources) }.getOrNull() ?: receipts
            draft = runCatching { jinlin.smsFallback(requestId) }.getOrNull()
            delay(2_000)
        }
    }
    receipts?.let { Text(it, style = MaterialTheme.typography.titleMedium) }
    draft?.let { sms ->
        Text(stringResource(R.string.help_not_sent))
        Button(onClick = {
            val to = sms.to.joinToString(";") { it.phone }
            val intent = Intent(Intent.ACTION_SENDTO, Uri.parse("smsto:$to")).putExtra("sms_body", sms.text)
            context.startActivity(intent)
        }) { Text(stringResource(R.string.help_sms_button, sms.to.joinToString(stringResource(R.string.list_separator)) { it.name })) }
    }
}

@Composable
private fun JoinForm(jinlin: Jinlin, onJoined: () -> Unit) {
    val scope = rememberCoroutineScope()
    var name by remember { mutableStateOf("") }
    var building by remember { mutableStateOf("") }
    var unit by remember { mutableStateOf("") }
    var code by remember { mutableStateOf("") }
    var message by remember { mutableStateOf<String?>(null) }
    val context = LocalContext.current
    Text(stringResource(R.string.join_title), style = MaterialTheme.typography.headlineSmall)
    OutlinedTextField(name, { name = it }, label = { Text(stringResource(R.string.join_name)) })
    OutlinedTextField(building, { building = it }, label = { Text(stringResource(R.string.join_building)) })
    OutlinedTextField(unit, { unit = it }, label = { Text(stringResource(R.string.join_unit)) })
    OutlinedTextField(code, { code = it }, label = { Text(stringResource(R.string.join_code)) })
    Button(onClick = {
        scope.launch {
            message = try {
                jinlin.register(name, building.ifBlank { null }, unit.ifBlank { null })
                jinlin.join(code)
                onJoined()
                null
            } catch (e: JinlinException) {
                e.words(context.resources)
            }
        }
    }) { Text(stringResource(R.string.join_button), fontSize = 20.sp) }
    message?.let { Text(it, modifier = Modifier.padding(top = 8.dp)) }
}
