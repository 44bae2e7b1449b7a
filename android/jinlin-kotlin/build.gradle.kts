// The Kotlin library: the native library cross-built with cargo-ndk for the four Android ABIs,
// the Kotlin bindings generated from it, and the hand-written API in src/main/kotlin (package
// org.jinlin.sdk). The JVM tests in src/test/kotlin run without Gradle, through
// ../../scripts/test-mobile.sh.
plugins {
    alias(libs.plugins.android.library)
    alias(libs.plugins.kotlin.android)
}

val workspace = rootProject.projectDir.parentFile
val rustLibs = layout.buildDirectory.dir("rustJniLibs")
val generated = layout.buildDirectory.dir("generated/uniffi")
// 32-bit ARM is kept: many low-cost phones still run it; x86 and x86_64 are emulators.
val abis = listOf("arm64-v8a", "armeabi-v7a", "x86_64", "x86")
// `-Pjinlin.rustProfile=debug` builds the native library unoptimised, for a quicker first build.
val rustProfile = providers.gradleProperty("jinlin.rustProfile").orElse("release")

// Cross-builds libjinlin_ffi.so for every ABI. Not stripped here: the bindings are generated
// from the library's metadata, and the packaging step strips the copies that go into the app.
val cargoNdk by tasks.registering(Exec::class) {
    workingDir = workspace
    val args = mutableListOf("cargo", "ndk", "--platform", "26", "--no-strip", "-o", rustLibs.get().asFile.path)
    abis.forEach { args += listOf("-t", it) }
    args += listOf("build", "-p", "jinlin-ffi", "--lib")
    if (rustProfile.get() == "release") args += "--release"
    commandLine(args)
    for (crate in listOf("model", "core", "ffi")) inputs.dir(workspace.resolve("$crate/src"))
    inputs.file(workspace.resolve("Cargo.lock"))
    outputs.dir(rustLibs)
}

// The Kotlin bindings, generated from the arm64 library just built (with ffi/uniffi.toml:
// package org.jinlin.core, Android's cleaner).
val uniffiBindings by tasks.registering(Exec::class) {
    dependsOn(cargoNdk)
    workingDir = workspace
    commandLine(
        "cargo", "run", "-p", "jinlin-bindgen", "--bin", "uniffi-bindgen", "--",
        "generate", "--no-format", "--library", rustLibs.get().file("arm64-v8a/libjinlin_ffi.so").asFile.path,
        "--language", "kotlin", "--out-dir", generated.get().asFile.path,
    )
    outputs.dir(generated)
}

android {
    namespace = "org.jinlin.sdk"
    compileSdk = 35
    defaultConfig {
        minSdk = 26
        ndk { abiFilters += abis }
        consumerProguardFiles("consumer-rules.pro")
    }
    sourceSets["main"].apply {
        kotlin.srcDir(generated)
        jniLibs.srcDir(rustLibs)
    }
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    kotlinOptions {
        jvmTarget = "17"
    }
}

tasks.named("preBuild") { dependsOn(uniffiBindings) }

dependencies {
    // JNA as an AAR: it carries JNA's own native library for each Android ABI.
    api(libs.jna) { artifact { type = "aar" } }
    api(libs.coroutines.android)
    implementation(libs.androidx.annotation)
}
