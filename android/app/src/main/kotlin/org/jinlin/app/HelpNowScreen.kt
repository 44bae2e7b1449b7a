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
import androidx.compose.material3.ButtonDefaults
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
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
import kotlinx.coroutines.launch
import org.jinlin.core.SmsDraft
import org.jinlin.sdk.HelpNowEvent
import org.jinlin.sdk.HelpNowPresenter
import org.jinlin.sdk.Jinlin
import org.jinlin.sdk.oneTap

/**
 * "Take me to hospital": one big button raises an urgent ride to hospital from her home (and,
 * when allowed, where the phone is), sent at once or as soon as there is a network. Below it, how
 * it stands ("已通知 8 位邻居 · 5 位已看到 · 2 位正在赶来"), who is coming, a cancel, and, if it has
 * not gone out 20 s on, the text message to send herself. A phone that has not joined shows the
 * join form. State comes from [HelpNowPresenter]; this only renders it.
 */
@Composable
fun HelpNowScreen(jinlin: Jinlin, modifier: Modifier = Modifier) {
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    val permission = remember { AppNotificationPermission(context) }
    val presenter = remember(jinlin) {
        HelpNowPresenter(jinlin, PhoneWhereabouts(context), permission)
    }
    val state by presenter.state.collectAsState()
    LaunchedEffect(presenter) { presenter.run() }
    val send: (HelpNowEvent) -> Unit = { event -> scope.launch { presenter.handle(event) } }
    // The widget shows what this screen reads: alerted · seen · coming.
    LaunchedEffect(state.request?.id, state.receipts, state.offline) { HelpWidget.show(context, state.oneTap()) }
    val helpDescription = stringResource(R.string.help_button_description)

    Column(
        modifier.fillMaxSize().padding(24.dp),
        horizontalAlignment = Alignment.CenterHorizontally,
        verticalArrangement = Arrangement.spacedBy(16.dp),
    ) {
        if (!state.loaded) return@Column
        if (!state.joined) {
            JoinForm(onJoin = { send(it) })
            state.error?.let { Text(it.words(context.resources), color = MaterialTheme.colorScheme.error, fontSize = 18.sp) }
            return@Column
        }
        Button(
            onClick = { send(HelpNowEvent.TakeMeToHospital) },
            shape = CircleShape,
            colors = ButtonDefaults.buttonColors(containerColor = Color(0xFFC62828)),
            modifier = Modifier.fillMaxWidth().height(220.dp).semantics { contentDescription = helpDescription },
        ) {
            Text(stringResource(R.string.help_button), fontSize = 30.sp)
        }
        state.error?.let { Text(it.words(context.resources), color = MaterialTheme.colorScheme.error, fontSize = 18.sp) }
        if (state.askNotifications) {
            AskForNotifications(permission, R.string.notify_why_requester, alsoLocation = true) {
                send(HelpNowEvent.NotificationsAsked)
            }
        }
        val request = state.request ?: return@Column
        val receipts = state.receipts
        when {
            receipts != null -> Text(receipts.line(context.resources), fontSize = 24.sp)
            state.offline -> Text(stringResource(R.string.error_offline), fontSize = 20.sp)
            else -> Text(stringResource(R.string.help_alerting), fontSize = 20.sp)
        }
        request.signups.forEach { Text("${it.memberName} · ${stringResource(it.state.label())}", fontSize = 20.sp) }
        state.smsDraft?.let { SmsFallback(it) }
        VoiceNoteControls(jinlin, request.id, mine = true, hasNote = request.voice != null)
        OutlinedButton(onClick = { send(HelpNowEvent.Cancel) }) {
            Text(stringResource(R.string.help_cancel), fontSize = 20.sp)
        }
    }
}

/**
 * The text messages the core drafted for her building leader and emergency contacts: one per
 * language, each to those who read it, so a button for each.
 */
@Composable
private fun SmsFallback(sms: SmsDraft) {
    val context = LocalContext.current
    Text(stringResource(R.string.help_not_sent), fontSize = 20.sp)
    for (message in sms.messages) {
        Button(onClick = {
            val to = message.to.joinToString(";") { it.phone }
            context.startActivity(Intent(Intent.ACTION_SENDTO, Uri.parse("smsto:$to")).putExtra("sms_body", message.text))
        }) {
            Text(stringResource(R.string.help_sms_button, message.to.joinToString(stringResource(R.string.list_separator)) { it.name }))
        }
    }
}

@Composable
private fun JoinForm(onJoin: (HelpNowEvent.Join) -> Unit) {
    var name by remember { mutableStateOf("") }
    var building by remember { mutableStateOf("") }
    var unit by remember { mutableStateOf("") }
    var code by remember { mutableStateOf("") }
    Text(stringResource(R.string.join_title), style = MaterialTheme.typography.headlineSmall)
    OutlinedTextField(name, { name = it }, label = { Text(stringResource(R.string.join_name)) })
    OutlinedTextField(building, { building = it }, label = { Text(stringResource(R.string.join_building)) })
    OutlinedTextField(unit, { unit = it }, label = { Text(stringResource(R.string.join_unit)) })
    OutlinedTextField(code, { code = it }, label = { Text(stringResource(R.string.join_code)) })
    Button(onClick = { onJoin(HelpNowEvent.Join(name, building, unit, code)) }) {
        Text(stringResource(R.string.join_button), fontSize = 20.sp)
    }
}
