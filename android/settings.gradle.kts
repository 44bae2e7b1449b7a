// The Android build: the Kotlin library over the generated bindings, and the app.
// Run scripts/bindings.sh first (it writes ../bindings/kotlin) and cross-build the native
// library into jinlin-kotlin/src/main/jniLibs (see README.md).
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "jinlin-android"
include(":jinlin-kotlin", ":app")
