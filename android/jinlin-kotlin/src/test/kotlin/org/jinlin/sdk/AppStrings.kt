package org.jinlin.sdk

import java.io.File
import java.util.Locale
import javax.xml.parsers.DocumentBuilderFactory
import org.w3c.dom.Element

/**
 * The Android app's string resources read straight from its XML, as [Messages]: what
 * `ResourceMessages` gives the app on a phone set to that language. `values` is Chinese
 * (zh-Hans, the default), `values-en` English. Arguments are put in as Android's `getString`
 * does (`%1$s`), and `\'` is an apostrophe.
 */
class AppStrings(folder: String) : Messages {
    /** Every `<string>` of `android/app/src/main/res/<folder>/strings.xml`, by name. */
    val strings: Map<String, String> = read(File(repoRoot(), "android/app/src/main/res/$folder/strings.xml"))

    override fun text(key: String, args: List<String>): String? =
        strings[key]?.let { String.format(Locale.ROOT, it, *args.toTypedArray()) }

    private companion object {
        fun read(file: File): Map<String, String> {
            val document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file)
            val nodes = document.documentElement.getElementsByTagName("string")
            return (0 until nodes.length).map { nodes.item(it) as Element }.associate { element ->
                element.getAttribute("name") to element.textContent.replace("\\'", "'").replace("\\\"", "\"")
            }
        }

        fun repoRoot(): File {
            var dir: File? = File(System.getProperty("user.dir")).absoluteFile
            while (dir != null && !File(dir, "android/app/src/main/res").isDirectory) dir = dir.parentFile
            return checkNotNull(dir) { "run from inside the repository" }
        }
    }
}

/** The app's Chinese strings (zh-Hans, its default language). */
val chinese by lazy { AppStrings("values") }

/** The app's English strings. */
val english by lazy { AppStrings("values-en") }
