package org.jinlin.app

import android.Manifest
import android.content.Context
import android.content.pm.PackageManager
import android.location.LocationManager
import org.jinlin.core.Location
import org.jinlin.sdk.Whereabouts

/**
 * Where the phone is, from the last position the phone already knows (GPS, else network), only
 * when she allowed the app to know it. It never waits for a fix: a request for help goes at once,
 * with her home's building and unit when no position is known.
 */
class PhoneWhereabouts(context: Context) : Whereabouts {
    private val context = context.applicationContext

    override suspend fun position(): Location? {
        val allowed = listOf(Manifest.permission.ACCESS_FINE_LOCATION, Manifest.permission.ACCESS_COARSE_LOCATION)
            .any { context.checkSelfPermission(it) == PackageManager.PERMISSION_GRANTED }
        if (!allowed) return null
        val manager = context.getSystemService(LocationManager::class.java) ?: return null
        val last = try {
            listOf(LocationManager.GPS_PROVIDER, LocationManager.NETWORK_PROVIDER)
                .filter { manager.isProviderEnabled(it) }
                .mapNotNull { manager.getLastKnownLocation(it) }
                .maxByOrNull { it.time }
        } catch (e: SecurityException) {
            null
        }
        return last?.let { Location(it.latitude, it.longitude) }
    }
}
