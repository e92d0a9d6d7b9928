# Shared set-up for ./mshop and ./test.sh: checks the .NET SDK, finds or installs a browser, builds mshop.
# Sourced, not run. Every step says what it does on stderr.

MSHOP_ROOT="${MSHOP_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
MSHOP_BIN="$MSHOP_ROOT/.mshop/bin"

say() { printf 'mshop-setup: %s\n' "$*" >&2; }

ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    say "the .NET 10 SDK is needed and 'dotnet' is not on PATH."
    say "install it from https://dot.net (Debian/Ubuntu: the dotnet-sdk-10.0 package), then run this again."
    exit 3
  fi
  local major
  major="$(dotnet --version 2>/dev/null | cut -d. -f1)"
  if [ -z "$major" ] || [ "$major" -lt 10 ]; then
    say "the .NET 10 SDK is needed; 'dotnet --version' says $(dotnet --version 2>/dev/null || echo nothing)."
    exit 3
  fi
}

# Prints the path of a system Chromium/Chrome, or nothing.
find_browser() {
  if [ -n "${MSHOP_BROWSER:-}" ] && [ -x "$MSHOP_BROWSER" ]; then
    echo "$MSHOP_BROWSER"
    return
  fi
  local name
  for name in chromium-headless-shell chromium chromium-browser google-chrome google-chrome-stable chrome; do
    if command -v "$name" >/dev/null 2>&1; then
      command -v "$name"
      return
    fi
  done
}

# Installs Debian's chromium and its headless shell (what headless runs use: a third of the CPU per probe) when we
# may (root, or sudo without a password); returns non-zero otherwise.
install_system_browser() {
  command -v apt-get >/dev/null 2>&1 || return 1
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo -n true 2>/dev/null || return 1
    sudo="sudo -n"
  fi
  say "no Chromium or Chrome found: installing Debian's chromium and chromium-headless-shell with apt-get (a minute or two)…"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || return 1
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-headless-shell >&2 || return 1
  say "installed $(command -v chromium-headless-shell) and $(command -v chromium)."
}

# Ensures a browser exists: system Chromium/Chrome, else an apt-get install, else Playwright's own download.
ensure_browser() {
  if [ -n "${MSHOP_BROWSER:-}" ] && [ ! -x "$MSHOP_BROWSER" ]; then
    say "MSHOP_BROWSER is set to '$MSHOP_BROWSER', which is not an executable file."
    exit 3
  fi
  [ -n "$(find_browser)" ] && return 0
  install_system_browser && [ -n "$(find_browser)" ] && return 0
  if compgen -G "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}/chromium-*" >/dev/null; then
    return 0
  fi
  say "no system browser could be installed here; trying Playwright's own Chromium download…"
  build_mshop
  if dotnet "$MSHOP_BIN/mshop.dll" install-browser >&2; then
    return 0
  fi
  say "no browser is available. Install Chromium or Google Chrome yourself, e.g."
  say "    sudo apt-get install chromium-headless-shell chromium      (Debian/Ubuntu)"
  say "and run this again, or set MSHOP_BROWSER=/path/to/chrome."
  exit 3
}

# The mail tests start a private Postfix + Dovecot (tools/mailserver.sh); install them when missing.
ensure_mail_server() {
  if [ -x /usr/sbin/postfix ] && [ -x /usr/sbin/dovecot ] && [ -x /usr/lib/dovecot/imap ] && [ -x /usr/lib/dovecot/lmtp ] && [ -x /usr/sbin/spamd ]; then
    return 0
  fi
  command -v apt-get >/dev/null 2>&1 || { say "the mail tests need postfix, dovecot (IMAP + LMTP) and spamassassin; install them and run again."; exit 3; }
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo -n true 2>/dev/null || { say "the mail tests need postfix, dovecot-imapd, dovecot-lmtpd and spamassassin: sudo apt-get install postfix dovecot-imapd dovecot-lmtpd spamassassin spamd"; exit 3; }
    sudo="sudo -n"
  fi
  say "installing postfix, dovecot and spamassassin for the mail tests (they run privately on 127.0.0.1; the system's own are not started)…"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || true
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix dovecot-imapd dovecot-lmtpd spamassassin spamd >&2 || { say "apt-get could not install them."; exit 3; }
}

# Builds mshop into .mshop/bin on first use and whenever a source file is newer than the last build.
build_mshop() {
  local stamp="$MSHOP_BIN/.built"
  if [ -f "$stamp" ] && [ -z "$(find "$MSHOP_ROOT/src" "$MSHOP_ROOT/scenarios" "$MSHOP_ROOT"/Directory.*.props \
        -newer "$stamp" -type f -not -path '*/bin/*' -not -path '*/obj/*' -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  if [ -f "$stamp" ]; then say "sources changed: rebuilding mshop…"; else say "building mshop (the first build takes about a minute)…"; fi
  local log="$MSHOP_ROOT/.mshop/build.log"
  mkdir -p "$MSHOP_BIN"
  if ! dotnet build "$MSHOP_ROOT/src/MysteryShopper.Cli/MysteryShopper.Cli.csproj" -c Release -o "$MSHOP_BIN" -nologo -v quiet >"$log" 2>&1; then
    grep -E 'error' "$log" | sort -u >&2 || cat "$log" >&2
    say "the build failed (full log: $log)."
    exit 3
  fi
  touch "$stamp"
  say "built."
}
