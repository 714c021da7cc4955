/**
 * The proxy's own mesh identity (docs/xds.md, "The workload a node runs"): an EC P-256 key made
 * here, a CSR to pilot's CA, renewal with the current certificate, the key and chain kept in the
 * identity directory, served to the data plane as the {@code default} secret ({@code sds-grpc}).
 */
@NullMarked
package io.meshbridge.proxy.identity;

import org.jspecify.annotations.NullMarked;
