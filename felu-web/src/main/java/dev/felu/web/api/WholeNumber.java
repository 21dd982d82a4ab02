package dev.felu.web.api;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A query parameter that, when given, is a whole number from {@link #min()} to {@link #max()}
 * (absent or blank: the resource's default applies). Such parameters are taken as text and checked
 * here, because JAX-RS answers 404 for a query parameter it cannot convert to a number: {@code
 * size=abc} is then a 400 problem naming {@code size} ({@link ConstraintViolationMapper}). Read the
 * checked value with {@link WholeNumberValidator#valueOf}.
 */
@Documented
@Constraint(validatedBy = WholeNumberValidator.class)
@Target({PARAMETER, FIELD})
@Retention(RUNTIME)
public @interface WholeNumber {
  long min() default Long.MIN_VALUE;

  long max() default Long.MAX_VALUE;

  String message() default "must be a whole number from {min} to {max}";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
