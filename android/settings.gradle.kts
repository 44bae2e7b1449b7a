// The Android build: the Kotlin library over the generated bindings with the native library
// cross-built by cargo-ndk (jinlin-kotlin), and the app. Versions: gradle/libs.versions.toml.
// How to build: README.md, "Build the app".
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
        maven("https://developer.huawei.com/repo/")
    }
    // Huawei publishes its AppGallery Connect plugin without a plugin marker.
    resolutionStrategy {
        eachPlugin {
            if (requested.id.id == "com.huawei.agconnect") useModule("com.huawei.agconnect:agcp:${requested.version}")
        }
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
        // Huawei Push Kit and AppGallery Connect.
        maven("https://developer.huawei.com/repo/")
    }
}

rootProject.name = "jinlin-android"
include(":jinlin-kotlin", ":app")
