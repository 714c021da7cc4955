/** The REST admin API: what pilot sees ({@code /v1/services}) and who it serves ({@code /v1/proxies}). */
@NullMarked
package io.meshbridge.pilot.api;

import org.jspecify.annotations.NullMarked;
