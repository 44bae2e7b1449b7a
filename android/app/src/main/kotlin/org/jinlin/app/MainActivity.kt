package org.jinlin.app

import android.os.Bundle
import androidx.annotation.StringRes
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.produceState
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.painterResource
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.sp
import kotlinx.coroutines.launch
import androidx.lifecycle.lifecycleScope
import org.jinlin.core.TaskHandle
import org.jinlin.sdk.Jinlin

/**
 * One activity, four screens: help now, nearby requests, the visit log, "I'm fine". An urgent
 * alert opens in its own activity ([UrgentAlertActivity]).
 */
class MainActivity : ComponentActivity() {
    companion object {
        /** Extra that opens the nearby screen (for a shortcut or a link into the app). */
        const val OPEN_NEARBY = "open_nearby"
    }

    private var live: TaskHandle? = null

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        val app = application as JinlinApplication
        val startOnNearby = intent.getBooleanExtra(OPEN_NEARBY, false)
        setContent {
            MaterialTheme {
                val jinlin by produceState<Jinlin?>(null) { value = app.jinlin.await() }
                jinlin?.let { JinlinScreens(it, if (startOnNearby) Tab.NEARBY else Tab.HELP) }
            }
        }
    }

    /** While the app is in front, a live connection brings changes as they happen. */
    override fun onStart() {
        super.onStart()
        val app = application as JinlinApplication
        lifecycleScope.launch {
            live = runCatching { app.jinlin.await().connectLive() }.getOrNull()
        }
    }

    override fun onStop() {
        live?.close()
        live = null
        super.onStop()
    }
}

enum class Tab(@StringRes val label: Int, val icon: Int) {
    HELP(R.string.tab_help, android.R.drawable.ic_dialog_alert),
    NEARBY(R.string.tab_nearby, android.R.drawable.ic_menu_mylocation),
    VISITS(R.string.tab_visits, android.R.drawable.ic_menu_agenda),
    CHECKIN(R.string.tab_checkin, android.R.drawable.ic_menu_my_calendar),
}

@Composable
fun JinlinScreens(jinlin: Jinlin, start: Tab) {
    var tab by remember { mutableStateOf(start) }
    Scaffold(
        bottomBar = {
            NavigationBar {
                Tab.entries.forEach { t ->
                    NavigationBarItem(
                        selected = t == tab,
                        onClick = { tab = t },
                        // The tab is read by its label; the icon beside it only decorates.
                        icon = { Icon(painterResource(t.icon), contentDescription = null) },
                        label = { Text(stringResource(t.label), fontSize = 16.sp) },
                    )
                }
            }
        },
    ) { padding ->
        val modifier = Modifier.padding(padding)
        when (tab) {
            Tab.HELP -> HelpNowScreen(jinlin, modifier)
            Tab.NEARBY -> NearbyScreen(jinlin, modifier)
            Tab.VISITS -> VisitLogScreen(jinlin, modifier)
            Tab.CHECKIN -> CheckinScreen(jinlin, modifier)
        }
    }
}
