# Scenarios of run-proxy.sh (sourced): the same load, the same backends, the proxies configured
# for more than one route. Each writes pilot's policy (Istio YAML) and the equivalent nginx config.
#   plain       one catch-all route (the default)
#   routes      ROUTES (1000) path-prefix routes /r0/ .. /r<ROUTES-1>/ in one VirtualService; the
#               load hits the last one (Meshbridge matches routes in order, as haproxy's
#               use_backend rules are; nginx's prefix locations are a tree, which is what an
#               operator would compare with)
#   resilience  the catch-all route with retries (attempts 2, 5xx and connect-failure) and outlier
#               detection (5 consecutive 5xx, 10 s interval, 30 s ejection); nginx:
#               proxy_next_upstream on the same conditions, 3 tries, max_fails=5 fail_timeout=30s;
#               haproxy: retries 2 on conn-failure and 500-504, redispatch, and each server
#               observed at layer 7 (error-limit 5, on-error mark-down, checks every 10 s)
SCENARIO="${SCENARIO:-plain}"
ROUTES="${ROUTES:-1000}"
BENCH_PATH="/"
NGINX_SERVER_OPTS=""
HAPROXY_SERVER_OPTS=""

# Waits until the Meshbridge proxy (admin on $ADDR:$PROXY_ADMIN_PORT) applied the scenario's
# policy, so no request is measured against the catch-all route it starts with.
wait_scenario_applied() {
  local marker
  case "$SCENARIO" in
    routes) marker="\"r$((ROUTES - 1))\"" ;;
    resilience) marker="outlier_detection" ;;
    *) return 0 ;;
  esac
  for _ in $(seq 600); do
    curl -fsS "http://$ADDR:$PROXY_ADMIN_PORT/config_dump" 2>/dev/null | grep -q "$marker" && return 0
    sleep 0.1
  done
  log "the proxy did not apply the $SCENARIO policy within 60 s ($marker not in /config_dump)"
  return 1
}

scenario_summary() {
  case "$SCENARIO" in
    routes) echo "routes: $ROUTES path routes, the last one hit" ;;
    resilience) echo "resilience: retries and outlier detection on the route" ;;
    *) echo "$SCENARIO: one catch-all route" ;;
  esac
}

# Writes $DIR/policy/policy.yaml, $DIR/nginx-scenario.conf and haproxy's frontend and backend
# lines ($DIR/haproxy-frontend.cfg, haproxy-backend.cfg), appends policy to pilot.yaml and sets
# BENCH_PATH, NGINX_SERVER_OPTS and HAPROXY_SERVER_OPTS, for $SCENARIO.
write_scenario() {
  mkdir -p "$DIR/policy"
  : >"$DIR/nginx-scenario.conf"
  : >"$DIR/haproxy-frontend.cfg"
  : >"$DIR/haproxy-backend.cfg"
  local vs="$DIR/policy/policy.yaml"
  case "$SCENARIO" in
    plain) return 0 ;;
    routes)
      BENCH_PATH="/r$((ROUTES - 1))/"
      printf '%s\n' "apiVersion: networking.istio.io/v1" "kind: VirtualService" \
        "metadata: {name: hello, namespace: default}" "spec:" "  hosts: [hello]" "  http:" >"$vs"
      for ((i = 0; i < ROUTES; i++)); do
        echo "  - {name: r$i, match: [{uri: {prefix: /r$i/}}], route: [{destination: {host: hello}}]}"
        printf 'location /r%d/ { proxy_pass http://hello; proxy_http_version 1.1; proxy_set_header Connection ""; }\n' \
          "$i" >>"$DIR/nginx-scenario.conf"
        printf '  use_backend hello if { path_beg /r%d/ }\n' "$i" >>"$DIR/haproxy-frontend.cfg"
      done >>"$vs"
      # What no route matches is 404, as in Meshbridge and nginx: the rules above are all tried.
      echo "  use_backend notfound" >>"$DIR/haproxy-frontend.cfg"
      ;;
    resilience)
      NGINX_SERVER_OPTS=" max_fails=5 fail_timeout=30s"
      HAPROXY_SERVER_OPTS=" check inter 10s observe layer7 error-limit 5 on-error mark-down"
      printf '%s\n' "  retries 2" "  retry-on conn-failure 500 501 502 503 504" "  option redispatch 1" \
        >"$DIR/haproxy-backend.cfg"
      cat >"$vs" <<'YAML'
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: hello, namespace: default}
spec:
  hosts: [hello]
  http:
  - route: [{destination: {host: hello}}]
    retries: {attempts: 2, retryOn: "5xx,connect-failure"}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: hello, namespace: default}
spec:
  host: hello
  trafficPolicy:
    outlierDetection: {consecutive5xxErrors: 5, interval: 10s, baseEjectionTime: 30s}
YAML
      cat >"$DIR/nginx-scenario.conf" <<'NGINX'
proxy_next_upstream error timeout http_500 http_502 http_503 http_504;
proxy_next_upstream_tries 3;
NGINX
      ;;
    *) log "unknown SCENARIO '$SCENARIO' (expected: plain, routes, resilience)"; return 1 ;;
  esac
  printf 'policy:\n  directory: %s\n  pollInterval: 1s\n' "$DIR/policy" >>"$DIR/pilot.yaml"
}
