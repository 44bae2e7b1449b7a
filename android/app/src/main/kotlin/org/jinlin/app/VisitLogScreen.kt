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
import kotlinx.coroutines.launch
import org.jinlin.core.HouseholdSummary
import org.jinlin.core.JinlinException
import org.jinlin.core.VisitOutcome
import org.jinlin.core.VisitView
import org.jinlin.sdk.Jinlin
import org.jinlin.sdk.followUpRequests

/**
 * The visit log. Grid workers and building leaders see the households due a visit in walking
 * order (tap one to log the visit) and the visits logged, newest first. Every member also sees
 * the requests they signed up for and have not finished: their own follow-ups.
 */
@Composable
fun VisitLogScreen(jinlin: Jinlin, modifier: Modifier = Modifier) {
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    var refresh by remember { mutableStateOf(0) }
    val due by produceState(emptyList<HouseholdSummary>(), refresh) { value = jinlin.dueHouseholds() }
    val log by produceState(emptyList<VisitView>(), refresh) { value = jinlin.visits(limit = 30u) }
    val helping by jinlin.followUpRequests().collectAsState(initial = emptyList())
    var logging by remember { mutableStateOf<HouseholdSummary?>(null) }
    var message by remember { mutableStateOf<String?>(null) }

    LazyColumn(modifier.fillMaxSize().padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        message?.let { item { Text(it, color = MaterialTheme.colorScheme.error) } }
        item { Text(stringResource(R.string.visits_helping), style = MaterialTheme.typography.titleMedium) }
        if (helping.isEmpty()) item { Text(stringResource(R.string.visits_none_open)) }
        items(helping, key = { "r" + it.id }) { r ->
            Text("${r.text} · ${stringResource(r.status.label())} · ${r.requester.name}")
        }
        if (due.isNotEmpty() || log.isNotEmpty()) {
            item { Text(stringResource(R.string.visits_due), style = MaterialTheme.typography.titleMedium) }
            items(due, key = { "h" + it.id }) { h ->
                val residents = h.residents.joinToString(stringResource(R.string.list_separator))
                Text(
                    "${h.building}-${h.unit} · $residents · ${stringResource(h.tier.label())}",
                    modifier = Modifier.fillMaxWidth()
                        .clickable(onClickLabel = stringResource(R.string.visits_log_click)) { logging = h },
                )
            }
            item { Text(stringResource(R.string.visits_logged), style = MaterialTheme.typography.titleMedium) }
            items(log, key = { "v" + it.id }) { v ->
                val backOn = v.followUp?.let { stringResource(R.string.visits_back_on, it) }
                Text(listOfNotNull(stringResource(v.outcome.label()), v.note, backOn).joinToString(" · "))
            }
        }
    }

    logging?.let { household ->
        LogVisitDialog(
            household,
            onDismiss = { logging = null },
            onLog = { outcome, note, followUp ->
                scope.launch {
                    message = try {
                        jinlin.logVisit(household.id, outcome, note.ifBlank { null }, followUp = followUp.ifBlank { null })
                        SyncWork.syncNow(context)
                        refresh++
                        null
                    } catch (e: JinlinException) {
                        e.words(context.resources)
                    }
                    logging = null
                }
            },
        )
    }
}

@Composable
private fun LogVisitDialog(
    household: HouseholdSummary,
    onDismiss: () -> Unit,
    onLog: (VisitOutcome, String, String) -> Unit,
) {
    var outcome by remember { mutableStateOf(VisitOutcome.MET) }
    var note by remember { mutableStateOf("") }
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
                OutlinedTextField(followUp, { followUp = it }, label = { Text(stringResource(R.string.visit_follow_up)) })
            }
        },
        confirmButton = { Button(onClick = { onLog(outcome, note, followUp) }) { Text(stringResource(R.string.visit_log)) } },
        dismissButton = { TextButton(onClick = onDismiss) { Text(stringResource(R.string.cancel)) } },
    )
}
