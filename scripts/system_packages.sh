#!/usr/bin/env bash
# The system packages the book needs beyond Python, checked by `make install` (and so by `make book`
# and `make test`): Chromium, for the browser test and the page screenshots, Noto Sans CJK, for the
# Chinese film names in the Douban figures, a Java runtime (17 or later), for Spark in the scale
# appendix, and npm, which fetches reveal.js for the chapters' slide decks. When one is missing and
# this user can install packages (root, or passwordless sudo, with apt-get), it is installed; otherwise
# the script stops with the command to run.
set -euo pipefail

FONT_FILE=NotoSansCJK-Regular.ttc
JAVA_MIN=17  # Spark 4 runs on Java 17 or later
missing=()
command -v chromium > /dev/null 2>&1 || command -v chromium-browser > /dev/null 2>&1 || missing+=(chromium)
command -v npm > /dev/null 2>&1 || missing+=(npm)  # installs reveal.js, which the slide decks load
fonts=$(find /usr/share/fonts /usr/local/share/fonts "$HOME/.local/share/fonts" -name "$FONT_FILE" 2> /dev/null || true)
[ -n "$fonts" ] || missing+=(fonts-noto-cjk)
java_version=$(java -version 2>&1 || true)
[[ $java_version =~ version\ \"([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -ge "$JAVA_MIN" ] || missing+=(default-jre-headless)
[ "${#missing[@]}" -eq 0 ] && exit 0

sudo=none
if command -v apt-get > /dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    sudo=""
  elif command -v sudo > /dev/null 2>&1 && sudo -n true 2> /dev/null; then
    sudo=sudo
  fi
fi
if [ "$sudo" = none ]; then
  echo "error: the book needs the system packages ${missing[*]} (a browser for its tests, a font for Chinese" \
    "text in figures, Java $JAVA_MIN+ for Spark, npm for reveal.js); install them, then run make again: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing system packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" > /dev/null
