package org.jinlin.sdk

import org.jinlin.core.JinlinException

/**
 * The words for a message key in the reader's language. The library cannot read Android
 * resources, so the app implements this with its string resources (`values/strings.xml`,
 * Chinese, and `values-en/strings.xml`); the JVM tests with the same files read directly.
 *
 * Every key and its number of arguments is in `errorMessageKeys()` (the core's table,
 * `ffi/src/messages.rs`); each argument is `%1$s`, `%2$s`... in the text.
 */
fun interface Messages {
    /** The text of [key] with [args] in place, or null when there is no string of that name. */
    fun text(key: String, args: List<String>): String?
}

/**
 * What went wrong, in the reader's language: the text of the error's message key with its
 * arguments (a length and a limit, say). A rule's reason or the relay's refusal is an argument,
 * shown in brackets after the localized words: in the language the app shows
 * ([Jinlin.setShownLanguage]) when the core's table of refusals has it (its stable code is
 * `refusal()`), else as the core wrote it.
 * Without a string for the key it falls back to the words for an internal failure, and finally
 * to the stable code.
 */
fun JinlinException.localized(messages: Messages): String =
    messages.text(messageKey(), messageArgs())
        ?: messages.text("error_internal", emptyList())
        ?: code()
