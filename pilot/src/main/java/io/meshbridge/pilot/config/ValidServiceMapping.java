package io.meshbridge.pilot.config;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Every {@code services[i].from[j].registry} is a declared registry id, and no registry service is
 * mapped to two mesh services; each error is reported at its own index.
 */
@Target(TYPE)
@Retention(RUNTIME)
@Constraint(validatedBy = ValidServiceMappingValidator.class)
public @interface ValidServiceMapping {

  String message() default "invalid service mapping";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
