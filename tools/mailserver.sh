#!/usr/bin/env bash
# A real, private mail server for MysteryShopper's tests and demo: Postfix (SMTP in) delivering every
# address of the test domains over LMTP to Dovecot (IMAP with IDLE), all on 127.0.0.1 high ports, all
# configuration, queues, logs and mail in one folder. The system's own Postfix/Dovecot configuration is
# never read, changed or started.
#
#   tools/mailserver.sh start [--dir DIR] [--smtp-port N] [--imap-port N] [--lmtp-port N] [--password P]
#   tools/mailserver.sh stop --dir DIR [--purge]
#   tools/mailserver.sh status --dir DIR
#
# `start` prints only KEY=value lines on stdout (eval-able, also saved as DIR/mailserver.env):
#   MSHOP_MAIL_DIR MSHOP_SMTP_HOST MSHOP_SMTP_PORT MSHOP_IMAP_HOST MSHOP_IMAP_PORT
#   MSHOP_IMAP_USER MSHOP_IMAP_PASSWORD MSHOP_POSTFIX_PID MSHOP_DOVECOT_PID
# Everything else goes to stderr. Needs root (Postfix's master runs as root); installs postfix,
# dovecot-imapd and dovecot-lmtpd with apt-get when they are missing.
#
# Mail for any address of inbox.mshop.test, mshop.test, brightwave.example, corvid.example and
# dunmore.example is accepted; `user+detail@domain` lands in the INBOX of `user@domain`, whose Maildir is
# DIR/mail/DOMAIN/USER. Every user logs in over IMAP with the printed password and has INBOX and Junk.
# Mail to any other domain is refused at RCPT time (554 relay access denied): nothing leaves the machine.

set -euo pipefail
export PATH="/usr/sbin:/usr/bin:/sbin:/bin:${PATH:-}"
umask 022

DOMAINS=(inbox.mshop.test mshop.test brightwave.example corvid.example dunmore.example)
SHOPPER_USER="shopper@inbox.mshop.test"
READY_TIMEOUT=30

say() { printf 'mailserver: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

usage() {
  cat >&2 <<'EOF'
usage:
  tools/mailserver.sh start [--dir DIR] [--smtp-port N] [--imap-port N] [--lmtp-port N] [--password P] [--no-idle]
      Writes private Postfix + Dovecot configuration into DIR (default: a new /tmp/mshop-mail.XXXX),
      starts both on 127.0.0.1, waits until SMTP says 220 and IMAP says * OK (30 s at most), and
      prints KEY=value lines (MSHOP_MAIL_DIR, MSHOP_SMTP_HOST/PORT, MSHOP_IMAP_HOST/PORT/USER/PASSWORD,
      MSHOP_POSTFIX_PID, MSHOP_DOVECOT_PID) on stdout. Ports default to free ports in 20000-60000
      (on a restart of the same DIR: the previous ones, if still free). Mail in DIR is kept.
      --no-idle leaves IDLE out of the IMAP capabilities, as some servers do (tests of polling).
  tools/mailserver.sh stop --dir DIR [--purge]
      Stops both by PID and waits until no process of theirs is left. Keeps DIR and its mail,
      unless --purge is given, which deletes DIR.
  tools/mailserver.sh status --dir DIR
      Says whether each runs; exits 0 when both run, 1 otherwise.
EOF
}

# ---------------------------------------------------------------------------------------------------
# Packages

have_packages() {
  [ -x /usr/sbin/postfix ] && [ -x /usr/lib/postfix/sbin/master ] &&
    [ -x /usr/sbin/dovecot ] && [ -x /usr/lib/dovecot/imap ] && [ -x /usr/lib/dovecot/imap-login ] &&
    [ -x /usr/lib/dovecot/lmtp ] && command -v ps >/dev/null 2>&1
}

ensure_packages() {
  have_packages && return 0
  [ "$(id -u)" -eq 0 ] || die "postfix/dovecot are missing and installing them needs root."
  command -v apt-get >/dev/null 2>&1 || die "postfix/dovecot are missing and there is no apt-get to install them."
  say "installing postfix, dovecot-imapd and dovecot-lmtpd with apt-get (the system instances are not started)…"
  # Keep the packages' maintainer scripts from starting the system's own postfix/dovecot (which would
  # listen on port 25/143/993 on every interface): a policy-rc.d that says "no" while we install.
  local guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    guard=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\n# temporary, from MysteryShopper tools/mailserver.sh\nexit 101\n' >"$guard"
    chmod 755 "$guard"
  fi
  local ok=0 pkgs=(postfix dovecot-imapd dovecot-lmtpd)
  command -v ps >/dev/null 2>&1 || pkgs+=(procps)   # ps: minimal images lack it
  export DEBIAN_FRONTEND=noninteractive
  if apt-get install -y -qq "${pkgs[@]}" >&2; then
    ok=1
  else
    say "apt-get install failed; running apt-get update and trying again…"
    if apt-get update -qq >&2 && apt-get install -y -qq "${pkgs[@]}" >&2; then
      ok=1
    fi
  fi
  [ -n "$guard" ] && rm -f "$guard"
  if [ "$ok" -ne 1 ] || ! have_packages; then
    die "could not install postfix, dovecot-imapd and dovecot-lmtpd."
  fi
}

# ---------------------------------------------------------------------------------------------------
# Ports

# True when something listens on 127.0.0.1:$1 (or on all addresses).
port_in_use() {
  local port="$1"
  local listening
  if command -v ss >/dev/null 2>&1; then
    # Local address column: 127.0.0.1:N, 0.0.0.0:N, *:N, [::]:N, [::1]:N ...
    listening="$(ss -Hltn 2>/dev/null | awk '{ n = split($4, a, ":"); print a[n] }' || true)"
    if grep -qx -- "$port" <<<"$listening"; then
      return 0
    fi
  fi
  # Fallback and double check: can we connect?
  if (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
    return 0
  fi
  return 1
}

# Prints a free port in 20000-60000 that is not among the arguments.
pick_port() {
  local taken=" $* " port i
  for i in $(seq 1 200); do
    port=$(( 20000 + ( (RANDOM << 15) | RANDOM ) % 40001 ))
    [[ "$taken" == *" $port "* ]] && continue
    port_in_use "$port" && continue
    echo "$port"
    return 0
  done
  die "found no free port in 20000-60000 after ${i} tries."
}

valid_port() { [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le 65535 ]; }

# First line a server says on 127.0.0.1:$1 (empty when nothing answers in 2 s); then says $2 and hangs up.
greeting() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    IFS= read -r -t 2 line <&3 || exit 1
    printf '%s' "${line%$'\r'}"
    printf '%s\r\n' "$2" >&3 || true
  ) 2>/dev/null || true
}

# A short conversation with 127.0.0.1:$1 in protocol $2 (smtp or imap): after the greeting, sends each
# further argument and reads its reply (SMTP: to the line "NNN text"; IMAP: to the line tagged like the
# command). Fails unless every reply is a success (SMTP 2xx, IMAP "TAG OK") within 5 s; on failure
# prints the reply that failed.
chat() {
  local port="$1" proto="$2"
  shift 2
  (
    exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
    IFS= read -r -t 5 line <&3 || exit 1
    for cmd in "$@"; do
      printf '%s\r\n' "$cmd" >&3
      tag="${cmd%% *}"
      while :; do
        IFS= read -r -t 5 line <&3 || { echo "no reply to: ${cmd%% *}"; exit 1; }
        line="${line%$'\r'}"
        if [ "$proto" = smtp ] && [[ "$line" =~ ^[0-9]{3}( |$) ]]; then
          [[ "$line" == [23]* ]] || { echo "$line"; exit 1; }
          break
        fi
        if [ "$proto" = imap ] && [[ "$line" == "$tag "* ]]; then
          [[ "$line" == "$tag OK"* ]] || { echo "$line"; exit 1; }
          break
        fi
      done
    done
  ) 2>/dev/null
}

# ---------------------------------------------------------------------------------------------------
# State kept in DIR

abs_dir() { (cd "$1" && pwd -P); }

load_state() {
  local dir="$1" key value
  STATE_SMTP_PORT="" STATE_IMAP_PORT="" STATE_LMTP_PORT="" STATE_PASSWORD="" STATE_RUN_ROOT=""
  [ -f "$dir/mailserver.state" ] || return 1
  while IFS='=' read -r key value; do
    case "$key" in
      SMTP_PORT) STATE_SMTP_PORT="$value" ;;
      IMAP_PORT) STATE_IMAP_PORT="$value" ;;
      LMTP_PORT) STATE_LMTP_PORT="$value" ;;
      PASSWORD) STATE_PASSWORD="$value" ;;
      RUN_ROOT) STATE_RUN_ROOT="$value" ;;
    esac
  done <"$dir/mailserver.state"
  return 0
}

postfix_pid_file() { echo "$1/postfix-queue/pid/master.pid"; }
# Dovecot's base folder is DIR/dovecot/run, or the short run folder's (see cmd_start; needs load_state).
dovecot_pid_file() { echo "${STATE_RUN_ROOT:-$1}/dovecot/run/master.pid"; }

# Prints the PID in file $1 when that process runs and its command is $2; fails otherwise.
live_pid() {
  local file="$1" comm="$2" pid
  [ -f "$file" ] || return 1
  pid="$(tr -dc '0-9' <"$file")"
  [ -n "$pid" ] || return 1
  [ -r "/proc/$pid/comm" ] || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$comm" ] || return 1
  # A zombie (exited, not yet reaped by PID 1) does not run.
  [[ "$(ps -o stat= -p "$pid" 2>/dev/null)" != Z* ]] || return 1
  echo "$pid"
}

postfix_pid() { live_pid "$(postfix_pid_file "$1")" master; }
dovecot_pid() { live_pid "$(dovecot_pid_file "$1")" dovecot; }

# Prints the PID in file $1 when that process is gone but processes of its session are left.
orphaned_session() {
  local pid
  [ -f "$1" ] || return 1
  pid="$(tr -dc '0-9' <"$1")"
  [ -n "$pid" ] || return 1
  # Alive (not a zombie): ours only if live_pid said so.
  if [ -e "/proc/$pid" ] && [[ "$(ps -o stat= -p "$pid" 2>/dev/null)" != Z* ]]; then return 1; fi
  [ -n "$(session_pids "$pid")" ] || return 1
  echo "$pid"
}

# PIDs of every process in session $1 (the masters call setsid(), their children stay in it).
# Zombies are left out: they have exited already and only wait for PID 1 to reap them.
session_pids() { ps -e -o pid=,sid=,stat= | awk -v s="$1" '$2 == s && $3 !~ /^Z/ { print $1 }'; }

# ---------------------------------------------------------------------------------------------------
# Configuration

write_postfix_config() {
  local dir="$1" smtp="$2" lmtp="$3" root="$4"
  local cf="$dir/postfix"
  mkdir -p "$cf" "$dir/postfix-queue" "$dir/postfix-data" "$dir/log"
  chown postfix:postfix "$dir/postfix-data"   # master.lock and the caches live here
  chmod 0700 "$dir/postfix-data"
  local domains
  domains="$(IFS=,; echo "${DOMAINS[*]}")"
  domains="${domains//,/, }"
  cat >"$cf/main.cf" <<EOF
# Private Postfix for MysteryShopper (tools/mailserver.sh). Generated; rewritten on every start.
compatibility_level = 3.6
queue_directory = $root/postfix-queue
data_directory = $dir/postfix-data
mail_owner = postfix
setgid_group = postdrop
syslog_name = mshop-postfix
maillog_file = $dir/log/postfix.log
maillog_file_prefixes = $dir/log

myhostname = smtp.mshop.test
mydomain = mshop.test
myorigin = mshop.test
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_banner = \$myhostname ESMTP MysteryShopper test mail server
biff = no

# Every address of these domains goes to Dovecot over LMTP; user+detail@d lands in user@d's INBOX.
virtual_mailbox_domains = $domains
virtual_mailbox_maps =
virtual_transport = lmtp:inet:127.0.0.1:$lmtp
recipient_delimiter = +
smtpd_reject_unlisted_recipient = no
# Nothing else is delivered, and nothing ever leaves the machine.
local_transport = error:5.1.1 local delivery is disabled on this test server
alias_maps =
alias_database =
local_recipient_maps =
relay_domains =
relay_transport = error:5.7.1 this test server delivers only to its own domains
default_transport = error:5.7.1 this test server delivers only to its own domains
smtpd_relay_restrictions = reject_unauth_destination
smtpd_recipient_restrictions =
smtp_dns_support_level = disabled
smtpd_tls_security_level = none
smtp_tls_security_level = none
lmtp_tls_security_level = none
smtputf8_enable = no

# Speed: no delays anywhere, retry soon, keep the LMTP connection open.
smtpd_peername_lookup = no
smtpd_error_sleep_time = 0
smtpd_soft_error_limit = 1000
smtpd_hard_error_limit = 1000
smtpd_client_connection_count_limit = 0
smtpd_client_connection_rate_limit = 0
in_flow_delay = 0
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 5s
maximal_queue_lifetime = 1h
bounce_queue_lifetime = 1h
delay_warning_time = 0
default_process_limit = 200
initial_destination_concurrency = 10
lmtp_destination_concurrency_limit = 50
lmtp_connection_cache_destinations = 127.0.0.1
lmtp_connection_cache_time_limit = 10s
lmtp_connect_timeout = 5s
message_size_limit = 52428800
EOF
  cat >"$cf/master.cf" <<EOF
# Private Postfix for MysteryShopper (tools/mailserver.sh). No chroot anywhere.
# service type  private unpriv  chroot  wakeup  maxproc command
127.0.0.1:$smtp inet n  -       n       -       -       smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
  # The function's status is that of its last command: check that both files came out whole.
  grep -q '^inet_interfaces = 127.0.0.1$' "$cf/main.cf" && [ -s "$cf/master.cf" ]
}

write_dovecot_config() {
  local dir="$1" imap="$2" lmtp="$3" password="$4" root="$5"
  local conf="$dir/dovecot"
  local uid gid
  uid="$(id -u mail)"
  gid="$(id -g mail)"
  mkdir -p "$conf/state" "$dir/log" "$dir/mail" "$dir/home"
  chown mail:mail "$dir/mail" "$dir/home"
  chmod 0750 "$dir/mail" "$dir/home"
  chmod 0700 "$conf"
  local instance
  instance="$(basename "$dir")"
  [[ "$instance" == mshop* ]] || instance="mshop-$instance"
  # --no-idle: Dovecot 2.3's capabilities after login, without IDLE.
  local capability=""
  [ -z "$NO_IDLE" ] || capability="imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ SPECIAL-USE"
  # cmd_start allows only letters, digits and ._~@+=/- in the password: no quoting or %-expansion needed.
  cat >"$conf/dovecot.conf" <<EOF
# Private Dovecot for MysteryShopper (tools/mailserver.sh). Generated; rewritten on every start.
instance_name = $instance
base_dir = $root/dovecot/run
state_dir = $conf/state
log_path = $dir/log/dovecot.log
log_timestamp = "%Y-%m-%d %H:%M:%S "
listen = 127.0.0.1
protocols = imap lmtp
hostname = lmtp.mshop.test
postmaster_address = postmaster@mshop.test
shutdown_clients = yes

ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_username_format = %Lu
recipient_delimiter = +
lmtp_save_to_detail_mailbox = no

# One Maildir per address (without +detail), owned by the mail user.
mail_location = maildir:$dir/mail/%d/%n
first_valid_uid = $uid
last_valid_uid = 0
first_valid_gid = 1

# Any user, one password.
passdb {
  driver = static
  args = password=$password
}
userdb {
  driver = static
  args = uid=$uid gid=$gid home=$dir/home/%d/%n allow_all_users=yes
}

namespace inbox {
  inbox = yes
  mailbox Junk {
    special_use = \\Junk
    auto = subscribe
  }
}

# IDLE: new mail is noticed through inotify; check every second anyway where inotify is missing.
mailbox_idle_check_interval = 1 secs
imap_idle_notify_interval = 1 mins
$capability

# Tests open many connections.
default_process_limit = 1000
default_client_limit = 10000
protocol imap {
  mail_max_userip_connections = 10000
}

service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $imap
  }
  inet_listener imaps {
    port = 0
  }
  service_count = 0
  process_min_avail = 1
}
service imap {
  process_limit = 1000
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $lmtp
  }
  process_min_avail = 1
}
EOF
  chmod 0600 "$conf/dovecot.conf"
  # The function's status is that of its last command: check that the file came out whole.
  grep -q '^listen = 127.0.0.1$' "$conf/dovecot.conf" && grep -q '^passdb {$' "$conf/dovecot.conf"
}

# ---------------------------------------------------------------------------------------------------
# start

wait_ready() {
  local smtp="$1" imap="$2" lmtp="$3" password="$4" deadline line smtp_ok="" imap_ok="" lmtp_ok=""
  deadline=$(( $(date +%s) + READY_TIMEOUT ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if [ -z "$smtp_ok" ]; then
      line="$(greeting "$smtp" QUIT)"
      [[ "$line" == 220* ]] && smtp_ok=1
    fi
    if [ -z "$imap_ok" ]; then
      line="$(greeting "$imap" "a LOGOUT")"
      [[ "$line" == "* OK"* ]] && imap_ok=1
    fi
    if [ -z "$lmtp_ok" ]; then
      line="$(greeting "$lmtp" QUIT)"
      [[ "$line" == 220* ]] && lmtp_ok=1
    fi
    [ -n "$smtp_ok" ] && [ -n "$imap_ok" ] && [ -n "$lmtp_ok" ] && break
    sleep 0.1
  done
  if [ -n "$smtp_ok" ] && [ -n "$imap_ok" ] && [ -n "$lmtp_ok" ]; then
    # One real round through each, which also starts the processes the first message needs and
    # creates the shopper's Maildir (INBOX and Junk). No mail is sent.
    if ! line="$(chat "$smtp" smtp "EHLO localhost" "MAIL FROM:<>" "RCPT TO:<$SHOPPER_USER>" RSET QUIT)"; then
      say "SMTP does not accept mail for $SHOPPER_USER: $line"
      return 1
    fi
    if ! line="$(chat "$imap" imap "a LOGIN \"$SHOPPER_USER\" \"$password\"" "b SELECT INBOX" "c SELECT Junk" "d LOGOUT")"; then
      say "IMAP login as $SHOPPER_USER failed: $line"
      return 1
    fi
    return 0
  fi
  READY_MISSING=""
  [ -n "$smtp_ok" ] || READY_MISSING+=" SMTP(127.0.0.1:$smtp)"
  [ -n "$imap_ok" ] || READY_MISSING+=" IMAP(127.0.0.1:$imap)"
  [ -n "$lmtp_ok" ] || READY_MISSING+=" LMTP(127.0.0.1:$lmtp)"
  return 1
}

show_logs() {
  local dir="$1" f
  for f in "$dir/log/postfix-start.log" "$dir/log/postfix.log" "$dir/log/dovecot-start.log" "$dir/log/dovecot.log"; do
    [ -s "$f" ] || continue
    say "---- last lines of $f ----"
    tail -n 25 "$f" >&2
  done
}

# Starts both with the given ports; returns 2 when a port turned out to be taken, 1 on other failures.
start_once() {
  local dir="$1" smtp="$2" imap="$3" lmtp="$4" password="$5" root="$6"
  # Callers test this function's status, which switches errexit off inside it: a configuration that could not
  # be written must stop the start here, before a daemon runs on an empty file's defaults.
  write_postfix_config "$dir" "$smtp" "$lmtp" "$root" || { say "could not write Postfix's configuration in $dir."; return 1; }
  write_dovecot_config "$dir" "$imap" "$lmtp" "$password" "$root" || { say "could not write Dovecot's configuration in $dir."; return 1; }
  : >"$dir/log/postfix-start.log"
  : >"$dir/log/dovecot-start.log"
  touch "$dir/log/postfix.log" "$dir/log/dovecot.log"
  # Only what this attempt logs counts when looking for "Address already in use".
  local pf_lines dc_lines
  pf_lines="$(wc -l <"$dir/log/postfix.log")"
  dc_lines="$(wc -l <"$dir/log/dovecot.log")"

  if ! dovecot -c "$dir/dovecot/dovecot.conf" >"$dir/log/dovecot-start.log" 2>&1; then
    if { cat "$dir/log/dovecot-start.log"; tail -n "+$((dc_lines + 1))" "$dir/log/dovecot.log"; } | grep -qi 'in use'; then
      return 2
    fi
    say "dovecot did not start."
    return 1
  fi
  # The first start of a DIR runs Postfix's own checks, which create the queue (a few seconds); later
  # starts of the same DIR skip them through Postfix's own quick-start flag.
  if [ -d "$dir/postfix-queue/public" ] && [ -d "$dir/postfix-queue/maildrop" ]; then
    : >"$dir/postfix-queue/quick-start"
  fi
  if ! postfix -c "$dir/postfix" start >"$dir/log/postfix-start.log" 2>&1; then
    # postfix(1) reports some errors only to a terminal or syslog: postconf shows configuration errors.
    postconf -c "$dir/postfix" -n >/dev/null 2>>"$dir/log/postfix-start.log" || true
    stop_dir "$dir" quiet || true
    if { cat "$dir/log/postfix-start.log"; tail -n "+$((pf_lines + 1))" "$dir/log/postfix.log"; } | grep -qi 'in use'; then
      return 2
    fi
    say "postfix did not start."
    return 1
  fi
  READY_MISSING=""
  if ! wait_ready "$smtp" "$imap" "$lmtp" "$password"; then
    [ -z "$READY_MISSING" ] || say "no answer within ${READY_TIMEOUT} s from:${READY_MISSING}"
    stop_dir "$dir" quiet || true
    return 1
  fi
  return 0
}

NO_IDLE=""

cmd_start() {
  local dir="" smtp="" imap="" lmtp="" password=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --dir) dir="${2:?--dir needs a value}"; shift 2 ;;
      --smtp-port) smtp="${2:?--smtp-port needs a value}"; shift 2 ;;
      --imap-port) imap="${2:?--imap-port needs a value}"; shift 2 ;;
      --lmtp-port) lmtp="${2:?--lmtp-port needs a value}"; shift 2 ;;
      --password) password="${2:?--password needs a value}"; shift 2 ;;
      --no-idle) NO_IDLE=1; shift ;;
      -h|--help) usage; exit 0 ;;
      *) usage; die "start: unknown argument '$1'." ;;
    esac
  done
  local p
  for p in "$smtp" "$imap" "$lmtp"; do
    [ -z "$p" ] || valid_port "$p" || die "not a port number: '$p'."
  done
  if [ -n "$password" ] && ! [[ "$password" =~ ^[A-Za-z0-9._~@+=/-]+$ ]]; then
    die "the password may use letters, digits and ._~@+=/- only."
  fi
  if [ -n "$dir" ] && ! [[ "$dir" =~ ^[A-Za-z0-9._/@+-]+$ ]]; then
    die "the folder's path may use letters, digits and ._/@+- only (it goes into Postfix and Dovecot configuration): '$dir'."
  fi
  [ "$(id -u)" -eq 0 ] || die "start needs root: Postfix's master process runs as root."
  for p in "$smtp" "$imap" "$lmtp"; do
    if [ -n "$p" ] && port_in_use "$p"; then
      die "port $p is already in use on 127.0.0.1."
    fi
  done
  ensure_packages

  if [ -z "$dir" ]; then
    dir="$(mktemp -d /tmp/mshop-mail.XXXX)"
  else
    mkdir -p "$dir"
  fi
  dir="$(abs_dir "$dir")"
  [[ "$dir" =~ ^[A-Za-z0-9._/@+-]+$ ]] || die "the folder's real path may use letters, digits and ._/@+- only: '$dir'."
  chmod 0755 "$dir"   # the mail user must reach DIR/mail

  load_state "$dir" || true
  if postfix_pid "$dir" >/dev/null || dovecot_pid "$dir" >/dev/null; then
    die "a mail server already runs in $dir (stop it first: tools/mailserver.sh stop --dir $dir)."
  fi
  remove_run_root "$dir"
  [ -n "$password" ] || password="$STATE_PASSWORD"
  [ -n "$password" ] || password="$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')"

  local fixed_smtp="$smtp" fixed_imap="$imap" fixed_lmtp="$lmtp" attempt rc root
  for attempt in 1 2 3 4 5; do
    # Ports: as given; else the previous ones of this DIR if still free; else new free ones.
    if [ -z "$fixed_smtp" ]; then
      smtp=""
      if [ "$attempt" -eq 1 ] && [ -n "$STATE_SMTP_PORT" ] && ! port_in_use "$STATE_SMTP_PORT"; then smtp="$STATE_SMTP_PORT"; fi
      [ -n "$smtp" ] || smtp="$(pick_port "$imap" "$lmtp" "$fixed_imap" "$fixed_lmtp")"
    fi
    if [ -z "$fixed_imap" ]; then
      imap=""
      if [ "$attempt" -eq 1 ] && [ -n "$STATE_IMAP_PORT" ] && ! port_in_use "$STATE_IMAP_PORT" && [ "$STATE_IMAP_PORT" != "$smtp" ]; then imap="$STATE_IMAP_PORT"; fi
      [ -n "$imap" ] || imap="$(pick_port "$smtp" "$fixed_lmtp")"
    fi
    if [ -z "$fixed_lmtp" ]; then
      lmtp=""
      if [ "$attempt" -eq 1 ] && [ -n "$STATE_LMTP_PORT" ] && ! port_in_use "$STATE_LMTP_PORT" && [ "$STATE_LMTP_PORT" != "$smtp" ] && [ "$STATE_LMTP_PORT" != "$imap" ]; then lmtp="$STATE_LMTP_PORT"; fi
      [ -n "$lmtp" ] || lmtp="$(pick_port "$smtp" "$imap")"
    fi
    if [ "$smtp" = "$imap" ] || [ "$smtp" = "$lmtp" ] || [ "$imap" = "$lmtp" ]; then
      die "the SMTP, IMAP and LMTP ports must differ."
    fi
    root="$(make_run_root "$dir")"
    STATE_RUN_ROOT="$root"
    cat >"$dir/mailserver.state" <<EOF
SMTP_PORT=$smtp
IMAP_PORT=$imap
LMTP_PORT=$lmtp
PASSWORD=$password
RUN_ROOT=$root
EOF
    chmod 0600 "$dir/mailserver.state"
    say "starting Postfix (SMTP 127.0.0.1:$smtp) and Dovecot (IMAP 127.0.0.1:$imap, LMTP 127.0.0.1:$lmtp) in $dir…"
    rc=0
    start_once "$dir" "$smtp" "$imap" "$lmtp" "$password" "$root" || rc=$?
    [ "$rc" -eq 0 ] && break
    if [ "$rc" -eq 2 ] && { [ -z "$fixed_smtp" ] || [ -z "$fixed_imap" ] || [ -z "$fixed_lmtp" ]; } && [ "$attempt" -lt 5 ]; then
      say "a port was taken meanwhile; trying other ports."
      continue
    fi
    stop_dir "$dir" quiet || true
    show_logs "$dir"
    die "the mail server in $dir did not start (logs: $dir/log/)."
  done

  local ppid dpid
  ppid="$(postfix_pid "$dir")" || { show_logs "$dir"; die "postfix's master PID is unknown."; }
  dpid="$(dovecot_pid "$dir")" || { show_logs "$dir"; die "dovecot's master PID is unknown."; }
  local env
  env="MSHOP_MAIL_DIR=$dir
MSHOP_SMTP_HOST=127.0.0.1
MSHOP_SMTP_PORT=$smtp
MSHOP_IMAP_HOST=127.0.0.1
MSHOP_IMAP_PORT=$imap
MSHOP_IMAP_USER=$SHOPPER_USER
MSHOP_IMAP_PASSWORD=$password
MSHOP_POSTFIX_PID=$ppid
MSHOP_DOVECOT_PID=$dpid"
  printf '%s\n' "$env" >"$dir/mailserver.env"
  chmod 0600 "$dir/mailserver.env"
  say "ready: SMTP 127.0.0.1:$smtp, IMAP 127.0.0.1:$imap (user $SHOPPER_USER); stop with: $0 stop --dir $dir"
  printf '%s\n' "$env"
}

# ---------------------------------------------------------------------------------------------------
# stop / status

# Sends TERM to the master PIDs given as NAME:PID words, waits (10 s at most) until they and every
# process of their sessions have ended, then KILLs what is left of those sessions.
stop_masters() {
  local quiet="$1" item pid left
  shift
  for item in "$@"; do
    [ -n "$quiet" ] || say "stopping ${item%%:*} (pid ${item##*:})…"
    pid="${item##*:}"
    if [ -e "/proc/$pid" ] && [[ "$(ps -o stat= -p "$pid" 2>/dev/null)" != Z* ]]; then
      kill -TERM "$pid" 2>/dev/null || true   # the master stops its children itself
    else
      for pid in $(session_pids "$pid"); do    # children left behind by a master that died
        kill -TERM "$pid" 2>/dev/null || true
      done
    fi
  done
  for _ in $(seq 1 100); do
    left=""
    for item in "$@"; do
      left+="$(session_pids "${item##*:}" | tr '\n' ' ')"
    done
    [ -z "${left// /}" ] && return 0
    sleep 0.1
  done
  say "not stopped within 10 s; killing the processes left: $left"
  for pid in $left; do
    kill -KILL "$pid" 2>/dev/null || true
  done
  sleep 0.5
  left=""
  for item in "$@"; do
    left+="$(session_pids "${item##*:}" | tr '\n' ' ')"
  done
  if [ -n "${left// /}" ]; then
    say "processes still left after SIGKILL: $left"
    return 1
  fi
}

# Prints the folder that holds the sockets' paths: DIR itself, or for a long DIR a new short one.
# Unix socket paths are limited to 107 bytes, and Postfix and Dovecot put sockets under their queue
# and base folders. With a long DIR those two go through a short folder /tmp/mshop-run.XXXXXX
# (recorded in DIR/mailserver.state, removed by stop): Dovecot's base folder (sockets and its PID
# file only) lives there, and Postfix reaches its queue in DIR through a symlink there. The
# configuration, logs, queue and mail stay in DIR.
make_run_root() {
  local dir="$1" root
  if [ "${#dir}" -le 60 ]; then
    echo "$dir"
    return 0
  fi
  root="$(mktemp -d /tmp/mshop-run.XXXXXX)"
  chmod 0755 "$root"
  mkdir -p "$dir/postfix-queue"
  ln -sT "$dir/postfix-queue" "$root/postfix-queue" || die "could not create the symlink $root/postfix-queue."
  echo "$root"
}

# Removes the short run folder of a long DIR: Dovecot's sockets and a symlink to DIR/postfix-queue,
# never any mail (rm does not follow the symlink, and the folder is only removed when it is ours).
remove_run_root() {
  local dir="$1" root
  load_state "$dir" || return 0
  root="$STATE_RUN_ROOT"
  if [ -n "$root" ] && [ "$root" != "$dir" ] && [[ "$root" == /tmp/mshop-run.* ]] && [ -d "$root" ] &&
     { [ ! -e "$root/postfix-queue" ] || [ "$(readlink "$root/postfix-queue")" = "$dir/postfix-queue" ]; }; then
    rm -f "$root/postfix-queue"
    rm -rf "$root/dovecot"
    rmdir "$root" 2>/dev/null || true
  fi
}

stop_dir() {
  local dir="$1" quiet="${2:-}" pid masters=()
  load_state "$dir" || true
  # A master that runs, or one that died and left processes behind in its session (a session ID is
  # not reused while any process of that session lives).
  if pid="$(postfix_pid "$dir")" || pid="$(orphaned_session "$(postfix_pid_file "$dir")")"; then
    masters+=("postfix:$pid")
  fi
  if pid="$(dovecot_pid "$dir")" || pid="$(orphaned_session "$(dovecot_pid_file "$dir")")"; then
    masters+=("dovecot:$pid")
  fi
  [ "${#masters[@]}" -eq 0 ] || stop_masters "$quiet" "${masters[@]}"
  rm -f "$(postfix_pid_file "$dir")"
  remove_run_root "$dir"
}

need_dir() {
  [ -n "$1" ] || { usage; die "$2 needs --dir DIR."; }
  [ -d "$1" ] || die "no such folder: $1"
  [ -f "$1/mailserver.state" ] || die "$1 is not a mail server folder made by tools/mailserver.sh start."
}

cmd_stop() {
  local dir="" purge=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --dir) dir="${2:?--dir needs a value}"; shift 2 ;;
      --purge) purge=1; shift ;;
      -h|--help) usage; exit 0 ;;
      *) usage; die "stop: unknown argument '$1'." ;;
    esac
  done
  need_dir "$dir" stop
  dir="$(abs_dir "$dir")"
  stop_dir "$dir"
  if [ -n "$purge" ]; then
    rm -rf "$dir"
    say "stopped; deleted $dir."
  else
    say "stopped; the mail stays in $dir/mail."
  fi
}

cmd_status() {
  local dir=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --dir) dir="${2:?--dir needs a value}"; shift 2 ;;
      -h|--help) usage; exit 0 ;;
      *) usage; die "status: unknown argument '$1'." ;;
    esac
  done
  need_dir "$dir" status
  dir="$(abs_dir "$dir")"
  load_state "$dir" || true
  local pid rc=0
  if pid="$(postfix_pid "$dir")"; then
    echo "postfix: running (pid $pid, SMTP 127.0.0.1:$STATE_SMTP_PORT)"
  else
    echo "postfix: stopped"
    rc=1
  fi
  if pid="$(dovecot_pid "$dir")"; then
    echo "dovecot: running (pid $pid, IMAP 127.0.0.1:$STATE_IMAP_PORT, LMTP 127.0.0.1:$STATE_LMTP_PORT)"
  else
    echo "dovecot: stopped"
    rc=1
  fi
  return "$rc"
}

main() {
  local cmd="${1:-}"
  [ $# -gt 0 ] && shift
  case "$cmd" in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    -h|--help|help) usage ;;
    *) usage; exit 2 ;;
  esac
}

main "$@"
