// The Kotlin library: the generated bindings (../../bindings/kotlin, package org.jinlin.core)
// plus the hand-written API in src/main/kotlin (package org.jinlin.sdk). The JVM tests in
// src/test/kotlin run without Gradle, through scripts/test-mobile.sh.
plugins {
    id("com.android.library")
    id("org.jetbrains.kotlin.android")
}

android {
    namespace = "org.jinlin.sdk"
    compileSdk = 35
    defaultConfig {
        minSdk = 26
    }
    sourceSets["main"].kotlin.srcDir("../../bindings/kotlin")
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    kotlinOptions {
        jvmTarget = "17"
    }
}

dependencies {
    api("net.java.dev.jna:jna:5.15.0@aar")
    api("org.jetbrains.kotlinx:kotlinx-coroutines-android:1.9.0")
    implementation("androidx.annotation:annotation:1.9.1")
}
