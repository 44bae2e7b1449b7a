// The app: four screens in Jetpack Compose over the presenters of :jinlin-kotlin, WorkManager
// sync, full-screen urgent alerts, and push: FCM (its plugin applies only when the Firebase
// project's google-services.json is present), Huawei Push Kit (likewise with AppGallery
// Connect's agconnect-services.json) and, in the `mainland` flavour, Xiaomi MiPush (Xiaomi's SDK
// from libs/, the app's id and key as Gradle properties). Versions: ../gradle/libs.versions.toml.
plugins {
    alias(libs.plugins.android.application)
    alias(libs.plugins.kotlin.android)
    alias(libs.plugins.kotlin.compose)
}

if (file("google-services.json").exists()) apply(plugin = libs.plugins.google.services.get().pluginId)
if (file("agconnect-services.json").exists()) apply(plugin = libs.plugins.agconnect.get().pluginId)

android {
    namespace = "org.jinlin.app"
    compileSdk = 35
    defaultConfig {
        applicationId = "org.jinlin.app"
        minSdk = 26
        targetSdk = 35
        versionCode = 1
        versionName = "0.1.0"
        val relay = providers.gradleProperty("jinlin.relayUrl").orElse("https://relay.jinlin.example").get()
        buildConfigField("String", "RELAY_URL", "\"$relay\"")
    }
    // A release key from ~/.gradle/gradle.properties (jinlin.keystore, jinlin.keystorePassword,
    // jinlin.keyAlias, jinlin.keyPassword); without them the release build is left unsigned.
    val keystore = providers.gradleProperty("jinlin.keystore").orNull
    signingConfigs {
        if (keystore != null) {
            create("release") {
                storeFile = file(keystore)
                storePassword = providers.gradleProperty("jinlin.keystorePassword").get()
                keyAlias = providers.gradleProperty("jinlin.keyAlias").get()
                keyPassword = providers.gradleProperty("jinlin.keyPassword").get()
            }
        }
    }
    // `global`: FCM and Huawei Push Kit. `mainland`: also Xiaomi MiPush, whose SDK is not on a
    // Maven repository (download it from Xiaomi's developer site into app/libs/).
    flavorDimensions += "push"
    productFlavors {
        create("global") { dimension = "push" }
        create("mainland") {
            dimension = "push"
            val id = providers.gradleProperty("jinlin.mipushAppId").orElse("").get()
            val key = providers.gradleProperty("jinlin.mipushAppKey").orElse("").get()
            buildConfigField("String", "MIPUSH_APP_ID", "\"$id\"")
            buildConfigField("String", "MIPUSH_APP_KEY", "\"$key\"")
        }
    }
    buildTypes {
        release {
            isMinifyEnabled = true
            isShrinkResources = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
            if (keystore != null) signingConfig = signingConfigs.getByName("release")
        }
    }
    buildFeatures {
        compose = true
        buildConfig = true
    }
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    kotlinOptions {
        jvmTarget = "17"
    }
}

dependencies {
    implementation(project(":jinlin-kotlin"))
    implementation(platform(libs.compose.bom))
    implementation(libs.compose.material3)
    implementation(libs.compose.ui)
    implementation(libs.activity.compose)
    implementation(libs.lifecycle.runtime.compose)
    implementation(libs.work.runtime)
    implementation(libs.androidx.core)
    implementation(platform(libs.firebase.bom))
    implementation(libs.firebase.messaging)
    implementation(libs.hms.push)
    implementation(libs.agconnect.core)
    "mainlandImplementation"(fileTree("libs") { include("MiPush_SDK_Client_*.aar", "MiPush_SDK_Client_*.jar") })
}
