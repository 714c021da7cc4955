/**
 * Test fixtures for Eureka: {@link io.meshbridge.eureka.testing.EurekaServerExtension} runs a real
 * Spring Cloud Netflix Eureka server in a forked JVM, so that its Spring and Jersey stack never
 * reaches the classpath of the code under test.
 */
@NullMarked
package io.meshbridge.eureka.testing;

import org.jspecify.annotations.NullMarked;
