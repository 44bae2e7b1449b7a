package org.jinlin.sdk

import org.jinlin.core.PlaceView
import org.jinlin.core.RequestKind
import org.jinlin.core.RequestView

/*
 * A request in the reader's language. Its standard parts (what kind of help, how urgent, where)
 * are structured in the request and worded here from the reader's own strings ([Messages]);
 * words the requester wrote herself are shown exactly as written. The one-tap "take me to
 * hospital" stores no sentence, so a Chinese phone raises it and an English one reads "Please
 * take me to hospital".
 */

/** The string key of a kind's standard words ("standard_hospital": "请送我去医院"). */
val RequestKind.standardKey: String
    get() = when (this) {
        RequestKind.HOSPITAL -> "standard_hospital"
        RequestKind.ERRAND -> "standard_errand"
        RequestKind.REPAIR -> "standard_repair"
        RequestKind.COMPANIONSHIP -> "standard_companionship"
        RequestKind.LEGAL -> "standard_legal"
        RequestKind.OTHER -> "standard_other"
    }

/** Every key these words use, for checking that each language has them. */
val requestWordKeys: List<String> =
    RequestKind.entries.map { it.standardKey } + listOf("request_urgent", "place_building_unit", "place_building", "place_unit")

/**
 * What the request asks: for a standard request ([RequestView.standard]: no words of her own,
 * or an older app's standard sentence) its kind's standard words in the reader's language;
 * otherwise its text exactly as written.
 */
fun RequestView.what(messages: Messages): String =
    if (standard) messages.text(kind.standardKey, emptyList()) ?: text else text

/** Where, in the reader's language ("3 号楼 1202 室", "Building 3, unit 1202"); null when unknown. */
fun PlaceView.words(messages: Messages): String? {
    val building = building
    val unit = unit
    return when {
        building != null && unit != null -> messages.text("place_building_unit", listOf(building, unit))
        building != null -> messages.text("place_building", listOf(building))
        unit != null -> messages.text("place_unit", listOf(unit))
        else -> null
    }
}

/**
 * The line a reader sees first: urgency, what is asked and where, in the reader's language
 * ("紧急 · 请送我去医院 · 3 号楼 1202 室", "Urgent · Please take me to hospital · Building 3, unit 1202").
 */
fun RequestView.headline(messages: Messages): String =
    listOfNotNull(
        if (urgent) messages.text("request_urgent", emptyList()) else null,
        what(messages).ifBlank { null },
        place.words(messages),
    ).joinToString(" · ")
