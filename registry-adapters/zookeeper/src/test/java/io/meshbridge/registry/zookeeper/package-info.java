@NullMarked
package io.meshbridge.registry.zookeeper;

import org.jspecify.annotations.NullMarked;
