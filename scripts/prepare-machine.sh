#!/usr/bin/env bash
# Makes a Debian machine ready to run Shop (`npm start`) or its whole test suite (`npm test`), doing only what is
# missing: starts the local PostgreSQL, RabbitMQ and Redis if they are down, and with `--for-tests` also enables
# RabbitMQ's management API (the messaging tests read queue state through it) and installs the Debian packages the
# tests run for real: Chromium (Swagger UI in a browser), Prometheus with promtool (dashboard and alert rules),
# docker-compose (validates the compose files), nginx (the gateway) and kubectl (renders the Kubernetes overlays). Starting daemons and installing packages needs root; without it,
# this script says what is missing and how to get it, and exits non-zero.
set -euo pipefail

for_tests=false
[ "${1:-}" = '--for-tests' ] && for_tests=true

log() { printf '==> %s\n' "$*"; }
fail() {
  printf 'prepare-machine: %s\n' "$*" >&2
  exit 1
}
is_root() { [ "$(id -u)" = 0 ]; }

start_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return; fi
  if ! is_root || ! command -v pg_ctlcluster >/dev/null; then
    fail 'PostgreSQL is not answering on 127.0.0.1:5432. Start it, or run the infrastructure in Docker: docker compose -f deployments/docker-compose/infrastructure.yaml up -d'
  fi
  log 'starting PostgreSQL'
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && return; sleep 1; done
  fail 'PostgreSQL did not become ready on 127.0.0.1:5432'
}

start_rabbitmq() {
  if ! command -v rabbitmqctl >/dev/null; then
    # Not installed here: it may still run elsewhere (Docker); the services say so clearly if it does not.
    (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null && return
    fail 'RabbitMQ is not answering on 127.0.0.1:5672. Run the infrastructure in Docker: docker compose -f deployments/docker-compose/infrastructure.yaml up -d'
  fi
  if ! rabbitmqctl -q status >/dev/null 2>&1; then
    is_root || fail 'RabbitMQ is not running: start it with `rabbitmq-server -detached` (as root)'
    log 'starting RabbitMQ'
    rabbitmq-server -detached
  fi
  rabbitmqctl -q await_startup --timeout 120
}

enable_rabbitmq_management() {
  if curl -fsS -u guest:guest http://127.0.0.1:15672/api/overview >/dev/null 2>&1; then return; fi
  command -v rabbitmq-plugins >/dev/null || fail 'the RabbitMQ management API does not answer on 127.0.0.1:15672'
  log 'enabling the RabbitMQ management plugin'
  rabbitmq-plugins -q enable rabbitmq_management >/dev/null
  # Enabling is asynchronous: wait until the API answers before a test asks it for a vhost.
  for _ in $(seq 60); do
    curl -fsS -u guest:guest http://127.0.0.1:15672/api/overview >/dev/null 2>&1 && return
    sleep 1
  done
  fail 'the RabbitMQ management API did not answer on 127.0.0.1:15672'
}

start_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then return; fi
  if ! is_root || ! command -v redis-server >/dev/null; then
    fail 'Redis is not answering on 127.0.0.1:6379. Start it, or run the infrastructure in Docker (see above)'
  fi
  log 'starting Redis'
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/shop.log
  for _ in $(seq 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return; sleep 1; done
  fail 'Redis did not become ready on 127.0.0.1:6379'
}

install_test_tools() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  { command -v prometheus >/dev/null && command -v promtool >/dev/null; } || missing+=(prometheus)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  # `kubectl kustomize` renders the Kubernetes overlays; Debian's client (kustomize v2.0.3) is enough.
  command -v kubectl >/dev/null || missing+=(kubernetes-client)
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  [ ${#missing[@]} -eq 0 ] && return
  is_root || fail "the tests need Debian's ${missing[*]}: apt-get install -y ${missing[*]}"
  log "installing ${missing[*]} (Debian packages)"
  apt-get update -qq
  # Chromium with its recommended packages (fonts among them), the others without.
  if [[ " ${missing[*]} " == *' chromium '* ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  local others=("${missing[@]/chromium/}")
  if [ -n "${others[*]// /}" ]; then
    # shellcheck disable=SC2068 # empty entries (chromium removed) must vanish
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${others[@]} >/dev/null
  fi
}

start_postgres
start_rabbitmq
start_redis
if $for_tests; then
  enable_rabbitmq_management
  install_test_tools
fi
