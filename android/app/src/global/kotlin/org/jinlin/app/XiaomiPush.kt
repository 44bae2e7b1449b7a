package org.jinlin.app

/* The `global` flavour is built without the MiPush SDK: Xiaomi phones there use FCM. */

/** No MiPush in this build. */
val xiaomiPush: PushChannel? = null
