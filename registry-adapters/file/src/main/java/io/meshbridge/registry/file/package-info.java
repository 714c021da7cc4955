/**
 * A registry adapter that reads services and endpoints from a watched directory of YAML files:
 * the registry Meshbridge's quickstart and tests run on, and the one static estates use.
 */
@NullMarked
package io.meshbridge.registry.file;

import org.jspecify.annotations.NullMarked;
