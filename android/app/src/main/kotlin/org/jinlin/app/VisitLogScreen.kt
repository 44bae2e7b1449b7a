package org.jinlin.app

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.pluralStringResource
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import java.time.LocalDate
import java.time.format.DateTimeFormatter
import java.time.format.FormatStyle
import kotlinx.coroutines.launch
import org.jinlin.core.HouseholdSummary
import org.jinlin.core.VisitOutcome
import org.jinlin.sdk.Jinlin
import org.jinlin.sdk.VisitLogEvent
import org.jinlin.sdk.VisitLogPresenter
import org.jinlin.sdk.what
import org.jinlin.sdk.needsTyped

/** A day to come back, written as the phone's language writes a date. */
private fun dayWords(day: LocalDate): String = day.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM))

/**
 * The visit log. Grid workers and building leaders see the households due a visit in walking
 * order (tap one to log the visit, with the needs found and the day to come back), where to go
 * back, each household's open needs, and the visits logged. Every member also sees the requests
 * they signed up for and have not finished. A visit is logged with where the worker stood when
 * she allowed the app to know the phone's position ([PhoneWhereabouts]). State comes from
 * [VisitLogPresenter]; this only renders it.
 */
@Composable
fun VisitLogScreen(jinlin: Jinlin, modifier: Modifier = Modifier) {
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    val presenter = remember(jinlin) { VisitLogPresenter(jinlin, whereabouts = PhoneWhereabouts(context)) }
    val state by presenter.state.collectAsState()
    LaunchedEffect(presenter) { presenter.run() }
    var logging by remember { mutableStateOf<HouseholdSummary?>(null) }
    val separator = stringResource(R.string.list_separator)

    LazyColumn(modifier.fillMaxSize().padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        state.error?.let { item { Text(it.words(context.resources), color = MaterialTheme.colorScheme.error) } }
        if (state.offline) item { Text(stringResource(R.string.error_offline)) }
        item { Text(stringResource(R.string.visits_helping), style = MaterialTheme.typography.titleMedium) }
        if (state.helping.isEmpty()) item { Text(stringResource(R.string.visits_none_open)) }
        items(state.helping, key = { "r" + it.id }) { r ->
            Text("${r.what(ResourceMessages(context.resources))} · ${stringResource(r.status.label())} · ${r.requester.name}")
        }
        if (state.keepsLog) {
            item { Text(stringResource(R.string.visits_due), style = MaterialTheme.typography.titleMedium) }
            items(state.due, key = { "h" + it.id }) { h ->
                Text(
                    "${h.building}-${h.unit} · ${h.residents.joinToString(separator)} · ${stringResource(h.tier.label())}",
                    modifier = Modifier.fillMaxWidth()
                        .clickable(onClickLabel = stringResource(R.string.visits_log_click)) { logging = h },
                )
            }
            item { Text(stringResource(R.string.visits_follow_ups), style = MaterialTheme.typography.titleMedium) }
            items(state.followUps, key = { "f" + it.id }) { v ->
                val home = state.households.firstOrNull { it.id == v.householdId }
                val where = home?.let { "${it.building}-${it.unit}" }.orEmpty()
                Text(listOfNotNull(where.ifEmpty { null }, v.followUp?.let { stringResource(R.string.visits_back_on, dayWords(it)) }).joinToString(" · "))
            }
            item { Text(stringResource(R.string.visits_needs), style = MaterialTheme.typography.titleMedium) }
            items(state.households.filter { it.openNeeds > 0 }, key = { "n" + it.id }) { h ->
                val count = h.openNeeds
                Text("${h.building}-${h.unit} · ${pluralStringResource(R.plurals.visits_open_needs, count, count)}")
            }
            item { Text(stringResource(R.string.visits_logged), style = MaterialTheme.typography.titleMedium) }
            items(state.visits, key = { "v" + it.id }) { v ->
                val backOn = v.followUp?.let { stringResource(R.string.visits_back_on, dayWords(it)) }
                val at = v.position?.let { stringResource(R.string.visits_logged_at, it) }
                Text(listOfNotNull(stringResource(v.outcome.label()), v.note, backOn, at).joinToString(" · "))
            }
        }
    }

    logging?.let { household ->
        LogVisitDialog(
            household,
            onDismiss = { logging = null },
            onLog = { event ->
                logging = null
                scope.launch { presenter.handle(event) }
            },
        )
    }
}

@Composable
private fun LogVisitDialog(household: HouseholdSummary, onDismiss: () -> Unit, onLog: (VisitLogEvent.Log) -> Unit) {
    var outcome by remember { mutableStateOf(VisitOutcome.MET) }
    var note by remember { mutableStateOf("") }
    var needs by remember { mutableStateOf("") }
    var followUp by remember { mutableStateOf("") }
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text(stringResource(R.string.visit_title, "${household.building}-${household.unit}")) },
        text = {
            Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
                Text(stringResource(R.string.visit_outcome))
                Row(horizontalArrangement = Arrangement.spacedBy(6.dp)) {
                    VisitOutcome.entries.forEach { o ->
                        FilterChip(selected = o == outcome, onClick = { outcome = o }, label = { Text(stringResource(o.label())) })
                    }
                }
                OutlinedTextField(note, { note = it }, label = { Text(stringResource(R.string.visit_notes)) })
                OutlinedTextField(needs, { needs = it }, label = { Text(stringResource(R.string.visit_needs)) })
                OutlinedTextField(followUp, { followUp = it }, label = { Text(stringResource(R.string.visit_follow_up)) })
            }
        },
        confirmButton = {
            Button(onClick = {
                onLog(VisitLogEvent.Log(household.id, outcome, note, needsTyped(needs), followUp))
            }) { Text(stringResource(R.string.visit_log)) }
        },
        dismissButton = { TextButton(onClick = onDismiss) { Text(stringResource(R.string.cancel)) } },
    )
}
