#!/usr/bin/env bash
# Installs headless Chromium and its WebDriver (Debian's `chromium` and `chromium-driver`), which
# the dashboard's browser tests drive (`cargo test --workspace --test dashboard`). When they are
# already there it does nothing. Without apt it says so; the tests then skip with a message,
# unless JINLIN_REQUIRE_BROWSER is set (test-all.sh sets it when the packages are installed).
set -euo pipefail

if command -v chromedriver >/dev/null && { command -v chromium >/dev/null || command -v chromium-browser >/dev/null; }; then
    echo "chromium and chromedriver ready: $(chromedriver --version 2>/dev/null | head -n1)"
    exit 0
fi
if ! command -v apt-get >/dev/null; then
    echo "apt-get is not available: install chromium and chromium-driver by hand; the browser tests will be skipped"
    exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
    sudo="sudo"
fi
echo "installing chromium and chromium-driver"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
# Chinese glyphs for the screenshots (the tests read text, not pixels, so this one may fail).
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends fonts-noto-cjk >/dev/null ||
    echo "fonts-noto-cjk not installed: Chinese shows as boxes in screenshots"
echo "chromium and chromedriver ready: $(chromedriver --version 2>/dev/null | head -n1)"
