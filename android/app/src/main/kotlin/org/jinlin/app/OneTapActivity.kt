package org.jinlin.app

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
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.compose.ui.unit.sp
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import org.jinlin.sdk.Jinlin
import org.jinlin.sdk.OneTapEvent
import org.jinlin.sdk.OneTapPresenter
import org.jinlin.sdk.OneTapStage

/**
 * What the widget's button and the app shortcut open: the tap raises "take me to hospital" at
 * once (from her saved home and, when she allowed it, where the phone is), then this screen
 * shows in very large type "alerted · seen · coming" and a cancel, and keeps the widget up to
 * date. State comes from [OneTapPresenter]; this only renders it.
 */
class OneTapActivity : ComponentActivity() {
    companion object {
        /** The widget's button and the shortcut: raise. */
        const val TAKE_ME_TO_HOSPITAL = "org.jinlin.app.action.TAKE_ME_TO_HOSPITAL"

        /** The widget's cancel. */
        const val CANCEL = "org.jinlin.app.action.CANCEL_HELP"
    }

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        val app = application as JinlinApplication
        // Raise once per tap, not again when the screen is rebuilt (rotation).
        val action = if (savedInstanceState == null) intent?.action else null
        setContent {
            MaterialTheme {
                val jinlin by produceState<Jinlin?>(null) { value = app.jinlin.await() }
                jinlin?.let { OneTapScreen(it, action) { startActivity(Intent(this, MainActivity::class.java)); finish() } }
            }
        }
    }
}

@Composable
private fun OneTapScreen(jinlin: Jinlin, action: String?, openApp: () -> Unit) {
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    val presenter = remember(jinlin) { OneTapPresenter(jinlin, PhoneWhereabouts(context)) }
    val state by presenter.state.collectAsState()
    val send: (OneTapEvent) -> Unit = { event -> scope.launch { HelpWidget.show(context, presenter.handle(event)) } }
    LaunchedEffect(presenter) {
        val first = when (action) {
            OneTapActivity.TAKE_ME_TO_HOSPITAL -> OneTapEvent.Tap
            OneTapActivity.CANCEL -> OneTapEvent.Cancel
            else -> OneTapEvent.Refresh
        }
        HelpWidget.show(context, presenter.handle(first))
        while (true) {
            delay(3_000)
            HelpWidget.show(context, presenter.handle(OneTapEvent.Refresh))
        }
    }
    val helpDescription = stringResource(R.string.help_button_description)
    val cancelDescription = stringResource(R.string.onetap_cancel_description)
    Column(
        Modifier.fillMaxSize().padding(24.dp),
        horizontalAlignment = Alignment.CenterHorizontally,
        verticalArrangement = Arrangement.spacedBy(24.dp),
    ) {
        Text(state.words(context.resources), fontSize = 34.sp, lineHeight = 44.sp)
        state.error?.let { Text(it.words(context.resources), color = MaterialTheme.colorScheme.error, fontSize = 22.sp) }
        when (state.stage) {
            OneTapStage.NOT_JOINED -> Button(onClick = openApp, modifier = Modifier.fillMaxWidth().height(96.dp)) {
                Text(stringResource(R.string.onetap_open_app), fontSize = 28.sp)
            }
            OneTapStage.READY -> Button(
                onClick = { send(OneTapEvent.Tap) },
                colors = ButtonDefaults.buttonColors(containerColor = Color(0xFFC62828)),
                modifier = Modifier.fillMaxWidth().height(160.dp).semantics { contentDescription = helpDescription },
            ) { Text(stringResource(R.string.help_button), fontSize = 34.sp) }
            OneTapStage.SENDING, OneTapStage.ALERTED, OneTapStage.SEEN, OneTapStage.COMING -> OutlinedButton(
                onClick = { send(OneTapEvent.Cancel) },
                modifier = Modifier.fillMaxWidth().height(96.dp).semantics { contentDescription = cancelDescription },
            ) { Text(stringResource(R.string.help_cancel), fontSize = 28.sp) }
        }
    }
}
