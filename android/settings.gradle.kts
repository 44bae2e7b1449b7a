// The Android build: the Kotlin library over the generated bindings with the native library
// cross-built by cargo-ndk (jinlin-kotlin), and the app. Versions: gradle/libs.versions.toml.
// How to build: README.md, "Build the app".
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "jinlin-android"
include(":jinlin-kotlin", ":app")
