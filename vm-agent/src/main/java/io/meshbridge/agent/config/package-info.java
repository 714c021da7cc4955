/** {@code agent.yaml}: the agent's config as validated records, and its strict loader. */
@NullMarked
package io.meshbridge.agent.config;

import org.jspecify.annotations.NullMarked;
