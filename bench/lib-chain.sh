# The proxy benchmark's two-proxy chain (targets chain and chain-mtls of run-proxy.sh): client ->
# proxy A (outbound) -> proxy B (inbound) -> backend, with the hop between the proxies plaintext
# (chain) or auto mTLS (chain-mtls; pilot's CA issues both identities from join tokens). Sourced by
# run-proxy.sh after lib.sh; uses its DIR, ADDR, ports and start_bg.

CHAIN_ADDR_B="${BENCH_ADDR_B:-127.0.0.78}"   # proxy B's outbound listeners (they would take A's port)
CA_PORT=18012 INBOUND_PORT=18090 PROXY_B_ADMIN_PORT=18001

# Starts pilot with a CA and both proxies for target $1; sets port, pid (proxy A), extra_watch
# (proxy B) and stop, as start_target does.
start_chain() {
  local target="$1"
  CA_DIR="$DIR/ca-$target" CHAIN_REGISTRY="$DIR/registry-$target"
  mkdir -p "$CHAIN_REGISTRY"
  CHAIN_LABELS="{}"
  [[ "$target" == chain-mtls ]] && CHAIN_LABELS="{security.istio.io/tlsMode: istio}"
  render "$bench_dir/conf/chain.yaml" "$CHAIN_REGISTRY/hello.yaml" ADDR MESHBRIDGE_PORT \
    INBOUND_PORT CHAIN_LABELS
  render "$bench_dir/conf/pilot-ca.yaml" "$DIR/pilot-$target.yaml" ADDR XDS_PORT CA_DIR CA_PORT \
    CHAIN_REGISTRY PILOT_REST_PORT
  MESHBRIDGE_JAVA_OPTS="${PILOT_JAVA_OPTS:-}" \
    start_bg "$DIR/pilot-$target.log" "$repo_dir/bin/meshbridge" pilot --config "$DIR/pilot-$target.yaml"
  stop+=("$last_pid")
  wait_http "http://$ADDR:$PILOT_REST_PORT/v1/ca/roots" "" "$last_pid"
  local sidecar
  for sidecar in proxy-b proxy-a; do
    "$repo_dir/bin/meshbridge" token create --namespace default --service-account "$sidecar" \
      --ttl 1h --pilot "http://$ADDR:$PILOT_REST_PORT" --admin-token-file "$CA_DIR/admin-token" \
      --root-cert-out "$DIR/root-cert.pem" >"$DIR/token-$sidecar" 2>>"$DIR/tokens.log"
    SIDECAR="$sidecar" SIDECAR_ADDR="$ADDR" SIDECAR_ADMIN="$PROXY_ADMIN_PORT" SIDECAR_INBOUND=""
    if [[ "$sidecar" == proxy-b ]]; then
      SIDECAR_ADDR="$CHAIN_ADDR_B" SIDECAR_ADMIN="$PROXY_B_ADMIN_PORT"
      SIDECAR_INBOUND="MESHBRIDGE_INBOUND: [{name: http, port: $INBOUND_PORT, protocol: HTTP, targetPort: $BACKEND1, targetAddress: $ADDR, address: $ADDR}]"
    fi
    render "$bench_dir/conf/proxy-chain.yaml" "$DIR/$sidecar.yaml" SIDECAR SIDECAR_ADDR ADDR \
      CA_PORT DIR SIDECAR_INBOUND XDS_PORT SIDECAR_ADMIN
    MESHBRIDGE_JAVA_OPTS="$BENCH_LOGGING ${MESHBRIDGE_JAVA_OPTS:-}" \
      start_bg "$DIR/$target-$sidecar.log" "$repo_dir/bin/meshbridge" proxy --bootstrap "$DIR/$sidecar.yaml"
    stop+=("$last_pid")
  done
  port=$MESHBRIDGE_PORT pid=$last_pid extra_watch="${stop[1]}"
}
