package io.meshbridge.pilot.config;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Every {@code registries[i].id} differs; a duplicate is reported at its own index. */
@Target(TYPE)
@Retention(RUNTIME)
@Constraint(validatedBy = UniqueRegistryIdsValidator.class)
public @interface UniqueRegistryIds {

  String message() default "duplicate registry id";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
