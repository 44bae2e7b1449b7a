package org.jinlin.sdk

import org.jinlin.core.ReportStatus
import org.jinlin.core.ReportView

/*
 * Photos and residents' photo reports, as the command line's `report` and `photo get`. A photo
 * is kept on this phone by its SHA-256 and leaves with the next sync, resuming where a lost
 * connection cut it off; a neighbour's photo is fetched from the relay when first looked at.
 */

/** Keeps a photo of [groupId] on this phone; returns the SHA-256 a report or a request names it by. */
suspend fun Jinlin.addPhoto(groupId: String, bytes: ByteArray): String = client.addPhoto(groupId, bytes)

/** A photo's bytes, from this phone or fetched from the relay (checked against its hash) and kept. */
suspend fun Jinlin.photo(hash: String, groupId: String? = null): ByteArray = client.photo(hash, groupId)

/**
 * Reports a problem to [groupId] with [photos] (hashes from [addPhoto]), in her building unless one
 * is given. [lat] and [lon] (both or neither, in degrees) say where it is, when the phone may read
 * its position; the report's place carries them. A position out of range, or half of one, is
 * `JinlinException.InvalidInput` and nothing is written.
 */
suspend fun Jinlin.raiseReport(
    groupId: String,
    text: String,
    photos: List<String> = emptyList(),
    building: String? = null,
    unit: String? = null,
    lat: Double? = null,
    lon: Double? = null,
): ReportView = client.raiseReport(groupId, text, photos, building, unit, lat, lon)

/** Reports on this phone, of a group (all when null), with one status or any, newest first. */
suspend fun Jinlin.reports(groupId: String? = null, status: ReportStatus? = null): List<ReportView> =
    client.reports(groupId, status)

/** One report with each step. */
suspend fun Jinlin.report(reportId: String): ReportView = client.report(reportId)

/** Gives a report to member [memberId] to fix (grid workers, staff, the building's leader). */
suspend fun Jinlin.assignReport(reportId: String, memberId: String): ReportView = client.assignReport(reportId, memberId)

/** Reports it fixed (its assignee, or those who assign). */
suspend fun Jinlin.reportFixed(reportId: String): ReportView = client.reportFixed(reportId)

/** Confirms the fix after checking it. */
suspend fun Jinlin.checkReport(reportId: String): ReportView = client.checkReport(reportId)

/** Closes the report. */
suspend fun Jinlin.closeReport(reportId: String): ReportView = client.closeReport(reportId)
