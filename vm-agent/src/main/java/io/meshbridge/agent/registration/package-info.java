/** Keeps the local workload registered in the estate's registry, following its health. */
@NullMarked
package io.meshbridge.agent.registration;

import org.jspecify.annotations.NullMarked;
